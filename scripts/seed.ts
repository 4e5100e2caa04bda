/**
 * Seeds the emulator idempotently through the AWS SDK: one user pool (custom:role, custom:team), three
 * app clients, the admin and staff groups and the demo users. A second run finds everything by name
 * and changes nothing. The ids are written to `<baseDir>/.cognito/app-env.json` for the launcher.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  type CreateUserPoolClientCommandInput,
  type ExplicitAuthFlowsType,
} from "@aws-sdk/client-cognito-identity-provider";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const REGION = "us-east-1";
export const POOL_NAME = "cognito-next-demo";

export interface DemoUser {
  email: string;
  password: string;
  role: string;
  team: string;
  group?: string;
  /** The password is temporary: Cognito asks for a new one at first sign-in. */
  temporary?: boolean;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { email: "alice@example.com", password: "Demo-Passw0rd!", role: "admin", team: "platform", group: "admin" },
  { email: "bob@example.com", password: "Demo-Passw0rd!", role: "staff", team: "sales", group: "staff" },
  { email: "carol@example.com", password: "Demo-Passw0rd!", role: "viewer", team: "support" },
  { email: "dave@example.com", password: "Temp-Passw0rd!", role: "staff", team: "support", group: "staff", temporary: true },
];

export interface LocalIds {
  endpoint: string;
  region: string;
  userPoolId: string;
  /** USER_PASSWORD_AUTH + REFRESH_TOKEN_AUTH, no secret: the app's default client. */
  clientId: string;
  /** The same flows, with a client secret (SECRET_HASH on every call). */
  secretClientId: string;
  secretClientSecret: string;
  /** Tokens that live seconds, for refresh tests. */
  shortClientId: string;
}

const FLOWS: ExplicitAuthFlowsType[] = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];
export const SHORT_TOKEN_SECONDS = 5;

const CLIENTS: Record<"web" | "web-secret" | "web-short", Omit<CreateUserPoolClientCommandInput, "UserPoolId">> = {
  web: { ClientName: "web", ExplicitAuthFlows: FLOWS, EnableTokenRevocation: true },
  "web-secret": { ClientName: "web-secret", ExplicitAuthFlows: FLOWS, GenerateSecret: true, EnableTokenRevocation: true },
  "web-short": {
    ClientName: "web-short",
    ExplicitAuthFlows: FLOWS,
    EnableTokenRevocation: true,
    AccessTokenValidity: SHORT_TOKEN_SECONDS,
    IdTokenValidity: SHORT_TOKEN_SECONDS,
    TokenValidityUnits: { AccessToken: "seconds", IdToken: "seconds", RefreshToken: "days" },
  },
};

export function adminClient(endpoint: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    region: REGION,
    endpoint,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
}

export function idsFile(baseDir: string): string {
  return path.join(baseDir, ".cognito", "app-env.json");
}

export function readIds(baseDir: string): LocalIds {
  return JSON.parse(readFileSync(idsFile(baseDir), "utf8")) as LocalIds;
}

export interface SeedReport {
  ids: LocalIds;
  /** What this run created; empty on a second run. */
  created: string[];
}

export async function seed(endpoint: string, baseDir: string): Promise<SeedReport> {
  const cognito = adminClient(endpoint);
  const created: string[] = [];

  const pools = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let userPoolId = pools.UserPools?.find((p) => p.Name === POOL_NAME)?.Id;
  if (!userPoolId) {
    const out = await cognito.send(
      new CreateUserPoolCommand({
        PoolName: POOL_NAME,
        Schema: [
          { Name: "role", AttributeDataType: "String", Mutable: true },
          { Name: "team", AttributeDataType: "String", Mutable: true },
        ],
      }),
    );
    userPoolId = out.UserPool!.Id!;
    created.push(`user pool ${POOL_NAME}`);
  }

  const existing = await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }));
  const clientIds: Record<string, string> = {};
  for (const [name, input] of Object.entries(CLIENTS)) {
    let id = existing.UserPoolClients?.find((c) => c.ClientName === name)?.ClientId;
    if (!id) {
      const out = await cognito.send(new CreateUserPoolClientCommand({ ...input, UserPoolId: userPoolId }));
      id = out.UserPoolClient!.ClientId!;
      created.push(`app client ${name}`);
    }
    clientIds[name] = id;
  }
  const secretClient = await cognito.send(
    new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientIds["web-secret"] }),
  );

  // ListGroups rather than GetGroup: the emulator answers a missing group with a 500.
  const groups = await cognito.send(new ListGroupsCommand({ UserPoolId: userPoolId }));
  for (const group of ["admin", "staff"]) {
    if (groups.Groups?.some((g) => g.GroupName === group)) continue;
    await cognito.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: group }));
    created.push(`group ${group}`);
  }

  for (const user of DEMO_USERS) {
    if (await userExists(cognito, userPoolId, user.email)) continue;
    await createUser(cognito, userPoolId, user);
    created.push(`user ${user.email}`);
  }

  const ids: LocalIds = {
    endpoint,
    region: REGION,
    userPoolId,
    clientId: clientIds.web!,
    secretClientId: clientIds["web-secret"]!,
    secretClientSecret: secretClient.UserPoolClient!.ClientSecret!,
    shortClientId: clientIds["web-short"]!,
  };
  mkdirSync(path.dirname(idsFile(baseDir)), { recursive: true });
  writeFileSync(idsFile(baseDir), JSON.stringify(ids, null, 2) + "\n");
  return { ids, created };
}

async function userExists(cognito: CognitoIdentityProviderClient, userPoolId: string, username: string): Promise<boolean> {
  try {
    await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
    return true;
  } catch (err) {
    if (err instanceof Error && err.name === "UserNotFoundException") return false;
    throw err;
  }
}

/** Creates a user the way an admin would; used by the seed and by tests that need a fresh user. */
export async function createUser(cognito: CognitoIdentityProviderClient, userPoolId: string, user: DemoUser): Promise<void> {
  await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: user.email,
      TemporaryPassword: user.password,
      MessageAction: "SUPPRESS",
      UserAttributes: [
        { Name: "email", Value: user.email },
        { Name: "email_verified", Value: "true" },
        { Name: "custom:role", Value: user.role },
        { Name: "custom:team", Value: user.team },
      ],
    }),
  );
  if (!user.temporary) {
    await cognito.send(
      new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: user.email, Password: user.password, Permanent: true }),
    );
  }
  if (user.group) {
    await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: user.email, GroupName: user.group }));
  }
}
