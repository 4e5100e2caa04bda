import { describe, expect, it } from "vitest";
import type { DemoUser } from "../../scripts/seed";
import { CookieJar, expectError, postJson, send, sessionChunks } from "../support/http";
import { alice, bob, carol, credentials, dave, url, verifyPoolToken } from "./fixtures";

interface TokenBody {
  auth: { idToken: string; accessToken: string; refreshToken: string; expiresIn: number };
}

interface RefreshBody {
  auth: { idToken: string; accessToken: string; expiresIn: number };
}

async function tokensFor(user: Pick<DemoUser, "email" | "password">): Promise<TokenBody["auth"]> {
  const sent = await postJson(url("/api/auth/token"), credentials(user));
  expect(sent.status, sent.text).toBe(200);
  return (sent.body as TokenBody).auth;
}

describe("POST /api/auth/token", () => {
  it("returns {auth:{idToken, accessToken, refreshToken, expiresIn}} and sets no cookie", async () => {
    const sent = await postJson(url("/api/auth/token"), credentials(bob));
    expect(sent.status, sent.text).toBe(200);
    expect(sent.headers.get("cache-control")).toMatch(/no-store/);
    expect(sent.setCookies).toEqual([]);
    const body = sent.body as TokenBody;
    expect(Object.keys(body)).toEqual(["auth"]);
    expect(Object.keys(body.auth).sort()).toEqual(["accessToken", "expiresIn", "idToken", "refreshToken"]);
    for (const token of [body.auth.idToken, body.auth.accessToken, body.auth.refreshToken]) {
      expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    }
    expect(Number.isInteger(body.auth.expiresIn)).toBe(true);
    expect(body.auth.expiresIn).toBeGreaterThan(0);
  });

  // Each demo user, verified twice: by the pool's own keys here, and by the app's session endpoint.
  it.each([alice, bob, carol])("issues $email an ID token that verifies, for the same user the session endpoint sees", async (user) => {
    const { idToken, accessToken, expiresIn } = await tokensFor(user);
    const id = await verifyPoolToken(idToken, "id");
    expect(id.email).toBe(user.email);
    expect(id["custom:role"]).toBe(user.role);
    expect(id["custom:team"]).toBe(user.team);
    const access = await verifyPoolToken(accessToken, "access");
    expect(access.sub).toBe(id.sub);
    // expiresIn counts down to the earlier of the two tokens' exp.
    const exp = Math.min(Number(id.exp), Number(access.exp));
    expect(Math.abs(Math.floor(Date.now() / 1000) + expiresIn - exp)).toBeLessThanOrEqual(5);

    const jar = new CookieJar();
    expect((await postJson(url("/api/auth/sign-in"), credentials(user), { jar })).status).toBe(200);
    const session = await send(url("/api/auth/session"), { jar });
    expect(session.status, session.text).toBe(200);
    expect((session.body as { user: { sub: string; email: string } }).user).toMatchObject({ sub: id.sub, email: user.email });
  });

  it("refuses dave, whose password is still temporary, with 403 and no tokens", async () => {
    const sent = await postJson(url("/api/auth/token"), credentials(dave));
    const error = expectError(sent, 403, "Forbidden");
    expect(error.details).toEqual([{ source: "signIn", desc: "NEW_PASSWORD_REQUIRED" }]);
    expect(sent.text).not.toContain("eyJ");
  });
});

describe("POST /api/auth/refresh", () => {
  it("with {refreshToken} returns {auth:{idToken, accessToken, expiresIn}} for the same user", async () => {
    const tokens = await tokensFor(alice);
    const sent = await postJson(url("/api/auth/refresh"), { refreshToken: tokens.refreshToken });
    expect(sent.status, sent.text).toBe(200);
    expect(sent.setCookies).toEqual([]);
    const body = sent.body as RefreshBody;
    expect(Object.keys(body)).toEqual(["auth"]);
    expect(Object.keys(body.auth).sort()).toEqual(["accessToken", "expiresIn", "idToken"]);
    expect(body.auth.expiresIn).toBeGreaterThan(0);
    const before = await verifyPoolToken(tokens.idToken, "id");
    const after = await verifyPoolToken(body.auth.idToken, "id");
    expect(after.sub).toBe(before.sub);
    expect((await verifyPoolToken(body.auth.accessToken, "access")).sub).toBe(before.sub);
  });

  it("with the session cookie and no body returns {user, expiresAt} and a new session cookie", async () => {
    const jar = new CookieJar();
    const signedIn = await postJson(url("/api/auth/sign-in"), credentials(bob), { jar });
    expect(signedIn.status).toBe(200);
    const before = jar.entries();

    const sent = await send(url("/api/auth/refresh"), { method: "POST", jar });
    expect(sent.status, sent.text).toBe(200);
    const body = sent.body as { user: { email: string; roles: string[] }; expiresAt: string };
    expect(Object.keys(body).sort()).toEqual(["expiresAt", "user"]);
    expect(body.user).toMatchObject({ email: bob.email, roles: ["staff"] });
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now());
    expect(sent.text).not.toContain("eyJ");
    const chunks = sessionChunks(sent.setCookies);
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) {
      expect(chunk.attributes.has("httponly")).toBe(true);
      expect(Number(chunk.attributes.get("max-age"))).toBeGreaterThan(0);
    }
    expect(jar.entries()).not.toEqual(before);

    const session = await send(url("/api/auth/session"), { jar });
    expect(session.status, session.text).toBe(200);
    expect((session.body as { user: { email: string } }).user.email).toBe(bob.email);
    // Refreshing keeps the refresh token (Cognito did not rotate it): the new cookie refreshes again.
    expect((await send(url("/api/auth/refresh"), { method: "POST", jar })).status).toBe(200);
  });

  it("without a cookie or a body answers 401", async () => {
    const sent = await send(url("/api/auth/refresh"), { method: "POST" });
    const error = expectError(sent, 401, "Unauthorized");
    expect(error.details).toEqual([{ source: "refreshToken", desc: "No session to refresh" }]);
  });

  it("refuses a refresh token that is garbage or is really an ID or access token", async () => {
    const tokens = await tokensFor(carol);
    for (const refreshToken of ["garbage", tokens.idToken, tokens.accessToken]) {
      const sent = await postJson(url("/api/auth/refresh"), { refreshToken });
      const error = expectError(sent, 401, "Unauthorized");
      expect(error.details).toEqual([{ source: "refreshToken", desc: "Refresh token is invalid, expired or revoked" }]);
      expect(sent.text).not.toContain("eyJ");
    }
  });
});
