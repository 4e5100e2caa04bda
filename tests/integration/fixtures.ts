/**
 * What the integration files share: the stack's address and ids (from global-setup), the demo
 * users' credentials, fresh users for tests that change state, and independent token verification.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import { inject } from "vitest";
import { adminClient, createUser, DEMO_USERS, type DemoUser } from "../../scripts/seed";

export const baseURL = inject("baseURL");
export const ids = inject("ids");

export const url = (path: string): string => new URL(path, baseURL).toString();

function demo(email: string): DemoUser {
  const user = DEMO_USERS.find((u) => u.email === email);
  if (!user) throw new Error(`no demo user ${email} in the seed`);
  return user;
}

export const alice = demo("alice@example.com");
export const bob = demo("bob@example.com");
export const carol = demo("carol@example.com");
export const dave = demo("dave@example.com");

export const credentials = (user: Pick<DemoUser, "email" | "password">) => ({ username: user.email, password: user.password });

/** A password the default Cognito policy accepts (upper, lower, digit, symbol, ≥ 8), different each call. */
export function strongPassword(): string {
  return `Pw-${randomBytes(9).toString("hex")}-9a!`;
}

/**
 * A new user, created through the admin API like the seed does: tests that set a password or revoke
 * a token use one of these so the demo users stay as every other file expects them.
 */
export async function freshUser(overrides: Partial<Omit<DemoUser, "email">> = {}): Promise<DemoUser> {
  const user: DemoUser = {
    email: `it-${randomUUID()}@example.com`,
    password: strongPassword(),
    role: "viewer",
    team: "qa",
    ...overrides,
  };
  const admin = adminClient(ids.endpoint);
  try {
    await createUser(admin, ids.userPoolId, user);
  } finally {
    admin.destroy();
  }
  return user;
}

const issuer = `${ids.endpoint}/${ids.userPoolId}`;
const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));

/**
 * Verifies a token against the pool's published keys, independently of the app's own verifier:
 * a token the app hands out must be one any Cognito-aware resource server accepts.
 */
export async function verifyPoolToken(token: string, use: "id" | "access"): Promise<JWTPayload & Record<string, unknown>> {
  const { payload } = await jwtVerify(token, jwks, {
    issuer,
    algorithms: ["RS256"],
    ...(use === "id" ? { audience: ids.clientId } : {}),
  });
  if (payload.token_use !== use) throw new Error(`expected a${use === "id" ? "n id" : "n access"} token, got token_use=${String(payload.token_use)}`);
  if (use === "access" && payload.client_id !== ids.clientId) throw new Error("access token issued for another app client");
  return payload as JWTPayload & Record<string, unknown>;
}
