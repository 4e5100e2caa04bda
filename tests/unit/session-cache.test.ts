import { describe, expect, it } from "vitest";
import { sealSession, unsealSession, type SessionData } from "@/lib/auth/session";
import { testConfig } from "./support/config";

const data: SessionData = { idToken: "id.token.x", accessToken: "access.token.y", refreshToken: "r", expiresAt: 1_900_000_000, username: "alice" };

describe("opened-seal cache", () => {
  it("does not let a seal opened under one secret open under another", async () => {
    const a = testConfig({ SESSION_SECRET: "secret-a-secret-a-secret-a-secret-a-0001" });
    const b = testConfig({ SESSION_SECRET: "secret-b-secret-b-secret-b-secret-b-0002" });
    const seal = await sealSession(data, a);
    expect(await unsealSession(seal, a)).toEqual(data);
    expect(await unsealSession(seal, b)).toBeNull();
  });

  it("answers a repeated seal from memory with the same data", async () => {
    const config = testConfig({ SESSION_SECRET: "secret-c-secret-c-secret-c-secret-c-0003" });
    const seal = await sealSession(data, config);
    const first = await unsealSession(seal, config);
    // The second answer is the very object the first unseal produced: it was not unsealed again.
    expect(await unsealSession(seal, config)).toBe(first);
  });
});
