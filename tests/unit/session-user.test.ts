import { beforeAll, describe, expect, it } from "vitest";
import { publicSession, sessionFromTokens, userFromSession } from "@/lib/auth/session-user";
import { createVerifier, TokenError, type VerifyToken } from "@/lib/auth/verify";
import { testConfig } from "./support/config";
import { accessClaims, createTestKey, idClaims, localGetter, signToken, type TestKey } from "./support/jwt";

const config = testConfig();
const NOW_MS = Date.now();
let key: TestKey;
let verify: VerifyToken;

beforeAll(async () => {
  key = await createTestKey("k1");
  verify = createVerifier({ issuer: config.issuer, clientId: config.clientId, jwks: localGetter(key) });
});

const idToken = (extra = {}) => signToken(idClaims(config.issuer, config.clientId, extra), { key });

describe("sessionFromTokens", () => {
  it("builds the session and user from verified fresh tokens", async () => {
    const tokens = { idToken: await idToken(), accessToken: "access", refreshToken: "refresh-1", expiresIn: 3600 };
    const { session, user } = await sessionFromTokens(tokens, undefined, verify, config, NOW_MS);
    expect(session).toEqual({
      idToken: tokens.idToken,
      accessToken: "access",
      refreshToken: "refresh-1",
      expiresAt: Math.floor(NOW_MS / 1000) + 3600,
      username: "alice",
    });
    expect(user).toMatchObject({ username: "alice", roles: ["admin"], team: "platform", tokenUse: "id" });
  });

  it("keeps the previous refresh token when Cognito does not rotate it", async () => {
    const tokens = { idToken: await idToken(), accessToken: "access", expiresIn: 3600 };
    const { session } = await sessionFromTokens(tokens, { refreshToken: "refresh-old" }, verify, config, NOW_MS);
    expect(session.refreshToken).toBe("refresh-old");
  });

  it("refuses fresh tokens whose ID token does not verify", async () => {
    const other = await createTestKey("k1");
    const forged = await signToken(idClaims(config.issuer, config.clientId), { key: other });
    await expect(sessionFromTokens({ idToken: forged, accessToken: "a", expiresIn: 3600 }, undefined, verify, config)).rejects.toBeInstanceOf(TokenError);
  });

  it("refuses an access token in the ID token's place", async () => {
    const access = await signToken(accessClaims(config.issuer, config.clientId), { key });
    await expect(sessionFromTokens({ idToken: access, accessToken: access, expiresIn: 3600 }, undefined, verify, config)).rejects.toMatchObject({
      reason: "tokenUse",
    });
  });
});

describe("userFromSession", () => {
  it("reads the user from the stored ID token", async () => {
    const session = { idToken: await idToken({ "custom:team": "sales" }), accessToken: "a", expiresAt: 1, username: "alice" };
    expect((await userFromSession(session, verify, config)).team).toBe("sales");
  });
});

describe("publicSession", () => {
  it("exposes the user and expiry, never a token", async () => {
    const token = await idToken();
    const { user } = await sessionFromTokens({ idToken: token, accessToken: "secret-access", refreshToken: "secret-refresh", expiresIn: 60 }, undefined, verify, config, NOW_MS);
    const body = JSON.stringify(publicSession(user, { expiresAt: 1_900_000_000 }));
    expect(JSON.parse(body).expiresAt).toBe("2030-03-17T17:46:40.000Z");
    for (const secret of [token, "secret-access", "secret-refresh"]) expect(body).not.toContain(secret);
  });
});
