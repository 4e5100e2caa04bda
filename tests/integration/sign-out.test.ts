import { describe, expect, it } from "vitest";
import { CookieJar, expectError, postJson, send, sessionChunks } from "../support/http";
import { credentials, freshUser, url } from "./fixtures";

interface TokenBody {
  auth: { idToken: string; accessToken: string; refreshToken: string; expiresIn: number };
}

// Every test here revokes tokens, so each one signs in a user of its own.
describe("POST /api/auth/sign-out", () => {
  it("revokes a refresh token sent in the body: refreshing with it then fails", async () => {
    const user = await freshUser();
    const issued = await postJson(url("/api/auth/token"), credentials(user));
    expect(issued.status, issued.text).toBe(200);
    const { refreshToken } = (issued.body as TokenBody).auth;
    // The token works before sign-out, so the 401 below is the revocation and nothing else.
    expect((await postJson(url("/api/auth/refresh"), { refreshToken })).status).toBe(200);

    const out = await postJson(url("/api/auth/sign-out"), { refreshToken });
    expect(out.status, out.text).toBe(200);
    expect(out.body).toEqual({ signedOut: true, revoked: true });

    const refreshed = await postJson(url("/api/auth/refresh"), { refreshToken });
    const error = expectError(refreshed, 401, "Unauthorized");
    expect(error.details).toEqual([{ source: "refreshToken", desc: "Refresh token is invalid, expired or revoked" }]);
  });

  it("revokes only the token it is given: another session of the same user keeps refreshing", async () => {
    const user = await freshUser();
    const first = ((await postJson(url("/api/auth/token"), credentials(user))).body as TokenBody).auth;
    const second = ((await postJson(url("/api/auth/token"), credentials(user))).body as TokenBody).auth;
    expect((await postJson(url("/api/auth/sign-out"), { refreshToken: first.refreshToken })).status).toBe(200);
    expect((await postJson(url("/api/auth/refresh"), { refreshToken: first.refreshToken })).status).toBe(401);
    expect((await postJson(url("/api/auth/refresh"), { refreshToken: second.refreshToken })).status).toBe(200);
  });

  it("is idempotent: signing out twice answers 200 both times", async () => {
    const user = await freshUser();
    const { refreshToken } = ((await postJson(url("/api/auth/token"), credentials(user))).body as TokenBody).auth;
    for (let i = 0; i < 2; i++) {
      const out = await postJson(url("/api/auth/sign-out"), { refreshToken });
      expect(out.status, out.text).toBe(200);
      expect((out.body as { signedOut: boolean }).signedOut).toBe(true);
    }
    // Without a body or a cookie there is nothing to revoke, and that is still a successful sign-out.
    const bare = await send(url("/api/auth/sign-out"), { method: "POST" });
    expect(bare.status, bare.text).toBe(200);
    expect(bare.body).toEqual({ signedOut: true, revoked: false });
    expect(bare.setCookies).toEqual([]);
  });

  it("with the session cookie: clears every chunk (Max-Age=0) and revokes the cookie's refresh token", async () => {
    const user = await freshUser();
    const jar = new CookieJar();
    const signedIn = await postJson(url("/api/auth/sign-in"), credentials(user), { jar });
    expect(signedIn.status, signedIn.text).toBe(200);
    const chunkNames = sessionChunks(signedIn.setCookies).map((c) => c.name);
    expect(chunkNames.length).toBeGreaterThan(0);
    const stolen = jar.clone();

    const out = await send(url("/api/auth/sign-out"), { method: "POST", jar });
    expect(out.status, out.text).toBe(200);
    expect(out.body).toEqual({ signedOut: true, revoked: true });
    const cleared = sessionChunks(out.setCookies);
    expect(cleared.map((c) => c.name)).toEqual(chunkNames);
    for (const chunk of cleared) {
      expect(chunk.value).toBe("");
      expect(chunk.attributes.get("max-age")).toBe("0");
      expect(chunk.attributes.get("path")).toBe("/");
    }
    expect(jar.names()).toEqual([]);
    expectError(await send(url("/api/auth/session"), { jar }), 401, "Unauthorized");

    // A copy of the cookie taken before sign-out can no longer be refreshed, and is cleared when tried.
    const replayed = await send(url("/api/auth/refresh"), { method: "POST", jar: stolen });
    expectError(replayed, 401, "Unauthorized");
    expect(stolen.names()).toEqual([]);

    // Signing out again with no cookie left is still fine.
    const again = await send(url("/api/auth/sign-out"), { method: "POST", jar });
    expect(again.status).toBe(200);
  });

  it("a cookie copied after a refresh cannot be refreshed once the session is signed out", async () => {
    const user = await freshUser();
    const jar = new CookieJar();
    expect((await postJson(url("/api/auth/sign-in"), credentials(user), { jar })).status).toBe(200);
    // A refresh right before sign-out: its result must not outlive the revocation.
    expect((await send(url("/api/auth/refresh"), { method: "POST", jar })).status).toBe(200);
    const stolen = jar.clone();

    expect((await send(url("/api/auth/sign-out"), { method: "POST", jar })).status).toBe(200);

    const replayed = await send(url("/api/auth/refresh"), { method: "POST", jar: stolen });
    expectError(replayed, 401, "Unauthorized");
  });
});
