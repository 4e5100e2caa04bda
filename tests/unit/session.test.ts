import { randomBytes } from "node:crypto";
import { sealData } from "iron-session";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  CHUNK_SIZE,
  clearSessionWrites,
  cookieSecure,
  isSessionCookie,
  joinChunks,
  MAX_CHUNKS,
  readSession,
  sealSession,
  sessionCookieWrites,
  splitIntoChunks,
  unsealSession,
  type CookieLike,
  type CookieWrite,
  type SessionData,
} from "@/lib/auth/session";
import { testConfig } from "./support/config";

const OLD_SECRET = "old-secret-old-secret-old-secret-0001";
const NEW_SECRET = "new-secret-new-secret-new-secret-0002";
const config = testConfig({ SESSION_SECRET: OLD_SECRET });

function b64urlOfLength(length: number): string {
  return randomBytes(length).toString("base64url").slice(0, length);
}

/** A JWT-shaped string of exactly `length` characters (random, so it compresses like a real one: not at all). */
function jwtOfLength(length: number): string {
  const header = b64urlOfLength(100);
  const signature = b64urlOfLength(342);
  return `${header}.${b64urlOfLength(length - header.length - signature.length - 2)}.${signature}`;
}

/** Sizes real Cognito issues: ID ~1.5 KB with groups and custom attributes, access ~1.1 KB, opaque refresh ~1.8 KB. */
function realisticSession(): SessionData {
  return {
    idToken: jwtOfLength(1536),
    accessToken: jwtOfLength(1126),
    refreshToken: b64urlOfLength(1843),
    expiresAt: Math.floor(Date.now() / 1000) + 3600,
    username: "5f1d6e2a-0000-4000-8000-00000000a11c",
  };
}

const small: SessionData = { idToken: "id.token.x", accessToken: "access.token.y", refreshToken: "r", expiresAt: 1_900_000_000, username: "alice" };

/** The Set-Cookie header a browser receives for a write (what must stay under 4096 bytes). */
function setCookieHeader({ name, value, options }: CookieWrite): string {
  const expires = new Date(Date.now() + options.maxAge * 1000).toUTCString();
  const parts = [`${name}=${value}`, `Path=${options.path}`, `Expires=${expires}`, `Max-Age=${options.maxAge}`];
  if (options.httpOnly) parts.push("HttpOnly");
  parts.push(`SameSite=${options.sameSite}`);
  if (options.secure) parts.push("Secure");
  return parts.join("; ");
}

function asCookies(writes: readonly CookieWrite[]): CookieLike[] {
  return writes.filter((w) => w.value !== "").map(({ name, value }) => ({ name, value }));
}

function chunkCookies(seal: string): CookieLike[] {
  return splitIntoChunks(seal).map((value, i) => ({ name: `session.${i}`, value }));
}

afterEach(() => {
  vi.useRealTimers();
});

describe("sealSession / unsealSession", () => {
  it("round-trips the session", async () => {
    const seal = await sealSession(small, config);
    expect(seal).not.toContain("access.token.y");
    expect(await unsealSession(seal, config)).toEqual(small);
  });

  it("keeps an absent refresh token absent", async () => {
    const { refreshToken: _dropped, ...withoutRefresh } = small;
    expect(await unsealSession(await sealSession(withoutRefresh, config), config)).toEqual(withoutRefresh);
  });

  it("returns null for a seal made with another SESSION_SECRET", async () => {
    const other = testConfig({ SESSION_SECRET: NEW_SECRET });
    expect(await unsealSession(await sealSession(small, other), config)).toBeNull();
  });

  it("returns null for sealed data of the wrong shape", async () => {
    for (const data of [{ foo: 1 }, { ...small, expiresAt: "soon" }, { ...small, idToken: "" }, { ...small, username: undefined }]) {
      const seal = await sealData(data, { password: config.sessionSecrets, ttl: config.sessionMaxAgeSeconds });
      expect(await unsealSession(seal, config)).toBeNull();
    }
  });

  it.each(["", "garbage", "Fe26.2*1*abc~2", "~~~~", "\u0000\u00ff", "x".repeat(5000)])("returns null for garbage %#", async (garbage) => {
    await expect(unsealSession(garbage, config)).resolves.toBeNull();
  });

  it("returns null once the seal's ttl has passed", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const short = testConfig({ SESSION_SECRET: OLD_SECRET, SESSION_MAX_AGE_SECONDS: "300" });
    const seal = await sealSession(small, short);
    vi.setSystemTime(Date.now() + 200_000);
    expect(await unsealSession(seal, short)).toEqual(small);
    // iron allows 60 s of clock skew past the ttl.
    vi.setSystemTime(Date.now() + 200_000);
    expect(await unsealSession(seal, short)).toBeNull();
  });

  it("returns null for any tampered character", async () => {
    const seal = await sealSession(small, config);
    const positions = [10, Math.floor(seal.length / 3), Math.floor(seal.length / 2), seal.length - 60, seal.length - 10];
    for (const at of positions) {
      const replacement = seal[at] === "A" ? "B" : "A";
      const tampered = seal.slice(0, at) + replacement + seal.slice(at + 1);
      expect(tampered).not.toBe(seal);
      expect(await unsealSession(tampered, config), `position ${at}`).toBeNull();
    }
  });
});

describe("secret rotation", () => {
  const rotated = testConfig({ SESSION_SECRET: JSON.stringify({ "2": NEW_SECRET, "1": OLD_SECRET }) });
  const newOnly = testConfig({ SESSION_SECRET: JSON.stringify({ "2": NEW_SECRET }) });

  it("opens a session sealed with the old secret (id 1) under {2: new, 1: old}", async () => {
    const seal = await sealSession(small, config);
    expect(await unsealSession(seal, rotated)).toEqual(small);
  });

  it("seals new sessions with the highest id", async () => {
    const seal = await sealSession(small, rotated);
    expect(await unsealSession(seal, newOnly)).toEqual(small);
    expect(await unsealSession(seal, config)).toBeNull();
  });

  it("stops opening old sessions once the old secret is retired", async () => {
    expect(await unsealSession(await sealSession(small, config), newOnly)).toBeNull();
  });
});

describe("cookie chunks", () => {
  it("splits a realistic Cognito token set into several cookies, each Set-Cookie under 4096 bytes", async () => {
    const session = realisticSession();
    const total = session.idToken.length + session.accessToken.length + session.refreshToken!.length;
    expect(total).toBeGreaterThan(4400);
    const seal = await sealSession(session, config);
    const writes = sessionCookieWrites(seal, [], true, config);
    expect(writes.length).toBeGreaterThanOrEqual(2);
    for (const write of writes) {
      const header = setCookieHeader(write);
      expect(Buffer.byteLength(header), write.name).toBeLessThan(4096);
      expect(header).toMatch(/; HttpOnly; SameSite=lax; Secure$/);
    }
    expect(writes.map((w) => w.name)).toEqual(writes.map((_, i) => `session.${i}`));
    expect(await readSession(asCookies(writes), config)).toEqual(session);
  });

  it("keeps a chunk at the maximum size under 4096 bytes with the longest max-age", () => {
    const write: CookieWrite = {
      name: `session.${MAX_CHUNKS - 1}`,
      value: "x".repeat(CHUNK_SIZE),
      options: { httpOnly: true, sameSite: "lax", path: "/", secure: true, maxAge: 3650 * 86400 },
    };
    expect(Buffer.byteLength(setCookieHeader(write))).toBeLessThan(4096);
  });

  it("joins chunks by index, whatever order the cookies arrive in", async () => {
    const seal = await sealSession(realisticSession(), config);
    const cookies = chunkCookies(seal);
    expect(joinChunks([...cookies].reverse())).toBe(seal);
    expect(joinChunks([{ name: "theme", value: "dark" }, ...cookies, { name: "sessionx.0", value: "zz" }])).toBe(seal);
  });

  it("reads no session from a truncated, reordered or partial set of chunks", async () => {
    const seal = await sealSession(realisticSession(), config);
    const [first, second] = chunkCookies(seal);
    expect(second).toBeDefined();
    // Chunk 1 missing: the seal is cut short.
    expect(await readSession([first!], config)).toBeNull();
    // Chunk 0 missing: nothing to start from.
    expect(joinChunks([second!])).toBeNull();
    expect(await readSession([second!], config)).toBeNull();
    // Values swapped between the names.
    expect(await readSession([{ name: "session.0", value: second!.value }, { name: "session.1", value: first!.value }], config)).toBeNull();
  });

  it("reads no session from a tampered chunk", async () => {
    const cookies = chunkCookies(await sealSession(realisticSession(), config));
    const victim = cookies[1]!;
    const flipped = victim.value[100] === "A" ? "B" : "A";
    cookies[1] = { name: victim.name, value: victim.value.slice(0, 100) + flipped + victim.value.slice(101) };
    expect(await readSession(cookies, config)).toBeNull();
  });

  it("reads no session from garbage cookies", async () => {
    expect(await readSession([], config)).toBeNull();
    expect(await readSession([{ name: "session.0", value: "" }], config)).toBeNull();
    expect(await readSession([{ name: "session.0", value: "%%%not-a-seal" }], config)).toBeNull();
    expect(await readSession([{ name: "session", value: await sealSession(small, config) }], config)).toBeNull();
  });

  it("refuses more chunks than a session we write can have", () => {
    const many = Array.from({ length: MAX_CHUNKS + 1 }, (_, i) => ({ name: `session.${i}`, value: "x" }));
    expect(joinChunks(many)).toBeNull();
    expect(joinChunks(many.slice(0, MAX_CHUNKS))).toBe("x".repeat(MAX_CHUNKS));
    expect(() => splitIntoChunks("x".repeat(CHUNK_SIZE * MAX_CHUNKS + 1))).toThrow();
  });

  it("stops at the first gap in the chunk numbers", () => {
    expect(joinChunks([
      { name: "session.0", value: "a" },
      { name: "session.2", value: "c" },
    ])).toBe("a");
  });

  it("recognises only numbered session cookies", () => {
    expect(isSessionCookie("session.0")).toBe(true);
    expect(isSessionCookie("session.12")).toBe(true);
    expect(isSessionCookie("session")).toBe(false);
    expect(isSessionCookie("session.x")).toBe(false);
    expect(isSessionCookie("xsession.0")).toBe(false);
  });
});

describe("sessionCookieWrites / clearSessionWrites", () => {
  const existing: CookieLike[] = [
    { name: "session.0", value: "old0" },
    { name: "session.1", value: "old1" },
    { name: "session.2", value: "old2" },
    { name: "theme", value: "dark" },
  ];

  it("writes the new chunks and deletes chunks a longer session left behind", () => {
    const seal = "a".repeat(CHUNK_SIZE) + "b".repeat(10);
    const writes = sessionCookieWrites(seal, existing, true, config);
    expect(writes.map((w) => [w.name, w.value.length, w.options.maxAge])).toEqual([
      ["session.0", CHUNK_SIZE, config.sessionMaxAgeSeconds],
      ["session.1", 10, config.sessionMaxAgeSeconds],
      ["session.2", 0, 0],
    ]);
    for (const w of writes) expect(w.options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/", secure: true });
  });

  it("carries the secure flag it is given", () => {
    expect(sessionCookieWrites("x", [], false, config)[0]!.options.secure).toBe(false);
  });

  it("clears every session chunk and leaves other cookies alone", () => {
    const writes = clearSessionWrites(existing, true);
    expect(writes.map((w) => w.name)).toEqual(["session.0", "session.1", "session.2"]);
    for (const w of writes) {
      expect(w.value).toBe("");
      expect(w.options.maxAge).toBe(0);
      expect(w.options.path).toBe("/");
    }
  });

  it("clears from a given index on", () => {
    expect(clearSessionWrites(existing, true, 1).map((w) => w.name)).toEqual(["session.1", "session.2"]);
  });
});

describe("cookieSecure", () => {
  it.each([
    ["http://localhost:3000/", false],
    ["http://127.0.0.1:3000/dashboard", false],
    ["http://[::1]:3000/", false],
    ["https://localhost:3000/", true],
    ["https://app.example.com/", true],
    ["http://app.example.com/", true],
    ["http://localhost.example.com/", true],
    ["http://10.0.0.5:3000/", true],
  ])("%s → secure %s", (url, secure) => {
    expect(cookieSecure(new URL(url))).toBe(secure);
  });
});
