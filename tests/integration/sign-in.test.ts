import { describe, expect, it } from "vitest";
import { CookieJar, expectError, expectNoTokens, postJson, send, sessionChunks, type Sent } from "../support/http";
import { alice, bob, carol, credentials, freshUser, url } from "./fixtures";

/** What the sign-in body must say about each demo user (custom:role + groups → roles). */
const EXPECTED = [
  { user: alice, roles: ["admin"], groups: ["admin"], team: "platform" },
  { user: bob, roles: ["staff"], groups: ["staff"], team: "sales" },
  { user: carol, roles: ["viewer"], groups: [], team: "support" },
];

const signIn = (body: unknown, jar?: CookieJar, headers?: Record<string, string>) =>
  postJson(url("/api/auth/sign-in"), body, { jar, headers });

function expectSessionCookies(sent: Sent): void {
  const chunks = sessionChunks(sent.setCookies);
  // Cognito's three tokens sealed together exceed one cookie: a single chunk would mean they are not all there.
  expect(chunks.length).toBeGreaterThanOrEqual(2);
  expect(chunks.map((c) => c.name)).toEqual(chunks.map((_, i) => `session.${i}`));
  for (const chunk of chunks) {
    expect(Buffer.byteLength(chunk.raw)).toBeLessThan(4096);
    expect(chunk.attributes.has("httponly")).toBe(true);
    expect(chunk.attributes.get("samesite")?.toLowerCase()).toBe("lax");
    expect(chunk.attributes.get("path")).toBe("/");
    expect(Number(chunk.attributes.get("max-age"))).toBeGreaterThan(0);
    expect(chunk.value.length).toBeGreaterThan(0);
  }
}

describe("POST /api/auth/sign-in", () => {
  it.each(EXPECTED)("signs $user.email in with roles, team and groups and no token in the body", async ({ user, roles, groups, team }) => {
    const started = Date.now();
    const sent = await signIn(credentials(user));

    expect(sent.status, sent.text).toBe(200);
    expect(sent.headers.get("cache-control")).toMatch(/no-store/);
    const body = sent.body as { user: Record<string, unknown>; expiresAt: string };
    expect(Object.keys(body).sort()).toEqual(["expiresAt", "user"]);
    expect(body.user).toEqual({
      sub: expect.stringMatching(/^[0-9a-f-]{36}$/),
      username: expect.any(String),
      email: user.email,
      roles,
      team,
      groups,
      tokenUse: "id",
    });
    const expiresAt = Date.parse(body.expiresAt);
    expect(new Date(expiresAt).toISOString()).toBe(body.expiresAt);
    expect(expiresAt).toBeGreaterThan(started + 60_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 25 * 3600_000);

    expectNoTokens(sent.text);
    expect(sent.text).not.toContain(user.password);
    expectSessionCookies(sent);
  });

  it("gives the session cookie's chunks back as a session the app reads", async () => {
    const jar = new CookieJar();
    const sent = await signIn(credentials(bob), jar);
    expect(sent.status).toBe(200);
    const session = await send(url("/api/auth/session"), { jar });
    expect(session.status, session.text).toBe(200);
    expect(session.body).toEqual(sent.body);
  });

  it("maps custom:role and a different group to both roles", async () => {
    const user = await freshUser({ role: "viewer", team: "ops", group: "staff" });
    const sent = await signIn(credentials(user));
    expect(sent.status, sent.text).toBe(200);
    const { user: signedIn } = sent.body as { user: { roles: string[]; groups: string[]; team: string; email: string } };
    expect(signedIn.email).toBe(user.email);
    expect(signedIn.roles).toEqual(["viewer", "staff"]);
    expect(signedIn.groups).toEqual(["staff"]);
    expect(signedIn.team).toBe("ops");
  });

  it("marks the cookies Secure when the app is reached over https through a proxy", async () => {
    const sent = await signIn(credentials(carol), undefined, { "x-forwarded-proto": "https" });
    expect(sent.status, sent.text).toBe(200);
    const chunks = sessionChunks(sent.setCookies);
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) expect(chunk.attributes.has("secure")).toBe(true);
  });

  it("replaces a previous, longer session without leaving stale chunks", async () => {
    const jar = new CookieJar();
    expect((await signIn(credentials(alice), jar)).status).toBe(200);
    // A leftover chunk from an earlier, bigger session must be deleted, or it would corrupt the seal.
    jar.set("session.5", "stale");
    const sent = await signIn(credentials(carol), jar);
    expect(sent.status).toBe(200);
    const deleted = sent.setCookies.find((c) => c.name === "session.5");
    expect(deleted?.attributes.get("max-age")).toBe("0");
    expect(jar.names().every((n) => n !== "session.5")).toBe(true);
    const session = await send(url("/api/auth/session"), { jar });
    expect(session.status, session.text).toBe(200);
    expect((session.body as { user: { email: string } }).user.email).toBe(carol.email);
  });
});

describe("failed sign-in does not reveal whether an account exists", () => {
  const endpoints = ["/api/auth/sign-in", "/api/auth/token"] as const;

  it.each(endpoints)("%s answers a wrong password and an unknown user with the same 401", async (path) => {
    const wrongPassword = await postJson(url(path), { username: alice.email, password: "Not-Her-Passw0rd!" });
    const unknownUser = await postJson(url(path), { username: "nobody-here@example.com", password: alice.password });

    const a = expectError(wrongPassword, 401, "Unauthorized");
    const b = expectError(unknownUser, 401, "Unauthorized");
    expect(a).toEqual(b);
    expect(a.message).toBe("Incorrect username or password");
    expect(a.details).toEqual([{ source: "signIn", desc: "Authentication failed" }]);
    for (const sent of [wrongPassword, unknownUser]) {
      expect(sent.setCookies).toEqual([]);
      expect(sent.text).not.toContain("nobody-here");
      expect(sent.text).not.toContain(alice.email);
    }
  });
});
