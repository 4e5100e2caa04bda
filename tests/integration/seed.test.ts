import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { InitiateAuthCommand, ListUsersCommand } from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../scripts/emulator";
import { adminClient, DEMO_USERS, idsFile, seed, type SeedReport } from "../../scripts/seed";
import { freePort } from "../support/stack";

describe("the emulator seed", () => {
  let emulator: Emulator;
  let first: SeedReport;
  let second: SeedReport;
  const baseDir = mkdtempSync(path.join(tmpdir(), "cna-seed-"));

  beforeAll(async () => {
    emulator = await startEmulator({ port: await freePort(), baseDir, fresh: true });
    first = await seed(emulator.endpoint, baseDir);
    second = await seed(emulator.endpoint, baseDir);
  });
  afterAll(async () => emulator?.stop());

  it("creates the pool, three app clients, two groups and the four demo users", () => {
    expect(first.created).toEqual([
      "user pool cognito-next-demo",
      "app client web",
      "app client web-secret",
      "app client web-short",
      "group admin",
      "group staff",
      ...DEMO_USERS.map((u) => `user ${u.email}`),
    ]);
    expect(first.ids.secretClientSecret).toMatch(/\w{10,}/);
  });

  it("changes nothing on a second run and finds the same ids", () => {
    expect(second.created).toEqual([]);
    expect(second.ids).toEqual(first.ids);
    expect(JSON.parse(readFileSync(idsFile(baseDir), "utf8"))).toEqual(first.ids);
  });

  it("stores role and team as custom attributes and keeps dave's password temporary", async () => {
    const cognito = adminClient(emulator.endpoint);
    const users = await cognito.send(new ListUsersCommand({ UserPoolId: first.ids.userPoolId }));
    expect(users.Users).toHaveLength(DEMO_USERS.length);
    const attrs = (email: string) => {
      const user = users.Users!.find((u) => u.Attributes?.some((a) => a.Name === "email" && a.Value === email));
      return { status: user?.UserStatus, ...Object.fromEntries((user?.Attributes ?? []).map((a) => [a.Name, a.Value])) };
    };
    expect(attrs("alice@example.com")).toMatchObject({ status: "CONFIRMED", "custom:role": "admin", "custom:team": "platform" });
    expect(attrs("carol@example.com")).toMatchObject({ status: "CONFIRMED", "custom:role": "viewer", "custom:team": "support" });
    expect(attrs("dave@example.com")).toMatchObject({ status: "FORCE_CHANGE_PASSWORD", "custom:role": "staff" });

    const challenge = await cognito.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: first.ids.clientId,
        AuthParameters: { USERNAME: "dave@example.com", PASSWORD: "Temp-Passw0rd!" },
      }),
    );
    expect(challenge.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
  });
});
