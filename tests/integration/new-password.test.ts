import { decodeJwt } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import type { DemoUser } from "../../scripts/seed";
import { CookieJar, expectError, postJson, send, sessionChunks } from "../support/http";
import { credentials, freshUser, strongPassword, url } from "./fixtures";

interface Challenge {
  challenge: string;
  session: string;
}

/** Flips one character in the middle of a sealed value, keeping it the same length and alphabet. */
function tamper(sealed: string): string {
  const i = Math.floor(sealed.length / 2);
  const flipped = sealed[i] === "A" ? "B" : "A";
  return sealed.slice(0, i) + flipped + sealed.slice(i + 1);
}

async function startChallenge(user: DemoUser): Promise<Challenge> {
  const sent = await postJson(url("/api/auth/sign-in"), credentials(user));
  expect(sent.status, sent.text).toBe(200);
  return sent.body as Challenge;
}

describe("NEW_PASSWORD_REQUIRED", () => {
  let user: DemoUser;

  beforeAll(async () => {
    user = await freshUser({ role: "staff", team: "support", group: "staff", temporary: true });
  });

  it("answers sign-in with a temporary password with an opaque challenge and no cookie", async () => {
    const sent = await postJson(url("/api/auth/sign-in"), credentials(user));
    expect(sent.status, sent.text).toBe(200);
    const body = sent.body as Challenge;
    expect(Object.keys(body).sort()).toEqual(["challenge", "session"]);
    expect(body.challenge).toBe("NEW_PASSWORD_REQUIRED");
    expect(typeof body.session).toBe("string");
    expect(body.session.length).toBeGreaterThan(0);
    // Sealed, not signed: not a JWT, and the username it answers to is not readable in it.
    expect(() => decodeJwt(body.session)).toThrow();
    expect(body.session).not.toContain(user.email);
    expect(body.session).not.toContain(user.password);
    expect(sent.setCookies).toEqual([]);
  });

  it("refuses the token endpoint until the password is changed", async () => {
    const sent = await postJson(url("/api/auth/token"), credentials(user));
    const error = expectError(sent, 403, "Forbidden");
    expect(error.details).toEqual([{ source: "signIn", desc: "NEW_PASSWORD_REQUIRED" }]);
    expect(sent.text).not.toContain("eyJ");
  });

  it("rejects a tampered, foreign or garbage challenge session with 401", async () => {
    const { session } = await startChallenge(user);
    const password = strongPassword();
    for (const forged of [tamper(session), session.slice(0, -10), "not-a-sealed-session"]) {
      const sent = await postJson(url("/api/auth/new-password"), { session: forged, newPassword: password });
      const error = expectError(sent, 401, "Unauthorized");
      expect(error.details).toEqual([{ source: "newPassword", desc: "Challenge session is invalid or expired" }]);
      expect(sent.setCookies).toEqual([]);
    }
    // The forged attempts changed nothing: the temporary password still leads to the challenge.
    expect((await startChallenge(user)).challenge).toBe("NEW_PASSWORD_REQUIRED");
  });

  it("does not accept a session cookie's seal as a challenge session", async () => {
    const other = await freshUser();
    const jar = new CookieJar();
    const signedIn = await postJson(url("/api/auth/sign-in"), credentials(other), { jar });
    expect(signedIn.status).toBe(200);
    // Same secret, same seal format, different purpose: it must not pass for a challenge.
    const seal = sessionChunks(signedIn.setCookies)
      .map((c) => c.value)
      .join("");
    const sent = await postJson(url("/api/auth/new-password"), { session: seal, newPassword: strongPassword() });
    expectError(sent, 401, "Unauthorized");
  });

  it("rejects a password below the policy's length with 400 and keeps the challenge usable", async () => {
    const { session } = await startChallenge(user);
    const sent = await postJson(url("/api/auth/new-password"), { session, newPassword: "Ab1!" });
    const error = expectError(sent, 400, "BadRequest");
    expect(error.details).toEqual([{ source: "body.newPassword", desc: expect.stringMatching(/at least 8/) }]);
    expect(sent.setCookies).toEqual([]);
    expect(sent.text).not.toContain("Ab1!");
  });

  it("sets a good new password, signs the user in with cookies, and the new password then works", async () => {
    const { session } = await startChallenge(user);
    const newPassword = strongPassword();
    const jar = new CookieJar();
    const sent = await postJson(url("/api/auth/new-password"), { session, newPassword }, { jar });

    expect(sent.status, sent.text).toBe(200);
    const body = sent.body as { user: { email: string; roles: string[]; team: string }; expiresAt: string };
    expect(Object.keys(body).sort()).toEqual(["expiresAt", "user"]);
    expect(body.user).toMatchObject({ email: user.email, roles: ["staff"], team: "support" });
    expect(sent.text).not.toContain("eyJ");
    expect(sent.text).not.toContain(newPassword);
    const chunks = sessionChunks(sent.setCookies);
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) {
      expect(chunk.attributes.has("httponly")).toBe(true);
      expect(chunk.attributes.get("samesite")?.toLowerCase()).toBe("lax");
    }

    const current = await send(url("/api/auth/session"), { jar });
    expect(current.status, current.text).toBe(200);
    expect((current.body as { user: { email: string } }).user.email).toBe(user.email);

    const again = await postJson(url("/api/auth/sign-in"), { username: user.email, password: newPassword });
    expect(again.status, again.text).toBe(200);
    expect((again.body as { user: { email: string } }).user.email).toBe(user.email);

    const old = await postJson(url("/api/auth/sign-in"), credentials(user));
    expect(expectError(old, 401, "Unauthorized").message).toBe("Incorrect username or password");
  });
});
