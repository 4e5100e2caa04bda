import { randomBytes } from "node:crypto";
import { sealData } from "iron-session";
import { beforeAll, describe, expect, it } from "vitest";
import { CookieJar, expectError, postJson, send } from "../support/http";
import { carol, credentials, url } from "./fixtures";

interface TokenBody {
  auth: { idToken: string; accessToken: string; refreshToken: string; expiresIn: number };
}

const getSession = (jar?: CookieJar) => send(url("/api/auth/session"), { jar });

describe("GET /api/auth/session", () => {
  let good: CookieJar;

  beforeAll(async () => {
    good = new CookieJar();
    const sent = await postJson(url("/api/auth/sign-in"), credentials(carol), { jar: good });
    expect(sent.status, sent.text).toBe(200);
    // The cases below cut and splice chunks: they need at least two.
    expect(good.names()).toEqual(["session.0", "session.1"]);
  });

  const chunk = (i: number): string => {
    const value = good.get(`session.${i}`);
    if (value === undefined) throw new Error(`no session.${i}`);
    return value;
  };
  const flip = (value: string, at: number): string => value.slice(0, at) + (value[at] === "x" ? "y" : "x") + value.slice(at + 1);

  it("answers 401 in the error envelope without a cookie", async () => {
    const sent = await getSession();
    const error = expectError(sent, 401, "Unauthorized");
    expect(error.details).toEqual([{ source: "session", desc: "No session cookie" }]);
    expect(sent.setCookies).toEqual([]);
  });

  it("ignores cookies that are not the session's", async () => {
    const sent = await getSession(new CookieJar([["theme", "dark"], ["session", "x"], ["session.x", "y"]]));
    expectError(sent, 401, "Unauthorized");
    expect(sent.setCookies).toEqual([]);
  });

  it("answers 200 with the user for a good cookie, without rewriting it", async () => {
    const sent = await getSession(good.clone());
    expect(sent.status, sent.text).toBe(200);
    const body = sent.body as { user: { email: string; roles: string[]; team: string }; expiresAt: string };
    expect(Object.keys(body).sort()).toEqual(["expiresAt", "user"]);
    expect(body.user).toMatchObject({ email: carol.email, roles: ["viewer"], team: "support" });
    expect(sent.text).not.toContain("eyJ");
    expect(sent.headers.get("cache-control")).toMatch(/no-store/);
    expect(sent.setCookies).toEqual([]);
  });

  const broken: [string, () => Promise<[string, string][]> | [string, string][]][] = [
    ["garbage", () => [["session.0", "garbage"]]],
    ["a tampered first chunk", () => [["session.0", flip(chunk(0), 100)], ["session.1", chunk(1)]]],
    ["a tampered MAC", () => [["session.0", chunk(0)], ["session.1", flip(chunk(1), chunk(1).length - 5)]]],
    ["a truncated last chunk", () => [["session.0", chunk(0)], ["session.1", chunk(1).slice(0, Math.floor(chunk(1).length / 2))]]],
    ["the last chunk missing", () => [["session.0", chunk(0)]]],
    ["the first chunk missing", () => [["session.1", chunk(1)]]],
    ["chunks swapped", () => [["session.0", chunk(1)], ["session.1", chunk(0)]]],
    ["a gap in the chunks", () => [["session.0", chunk(0)], ["session.2", chunk(1)]]],
    [
      "more chunks than a session ever has",
      () => [["session.0", chunk(0)], ["session.1", chunk(1)], ...Array.from({ length: 7 }, (_, i): [string, string] => [`session.${i + 2}`, "x"])],
    ],
    [
      "real tokens sealed with another secret",
      async () => {
        const issued = await postJson(url("/api/auth/token"), credentials(carol));
        const { idToken, accessToken, refreshToken } = (issued.body as TokenBody).auth;
        const data = { idToken, accessToken, refreshToken, expiresAt: Math.floor(Date.now() / 1000) + 3600, username: "carol" };
        const seal = await sealData(data, { password: randomBytes(32).toString("hex"), ttl: 3600 });
        return [["session.0", seal]];
      },
    ],
  ];

  it.each(broken)("answers 401, never 500, and clears the cookie for %s", async (_, build) => {
    const cookies = await build();
    const sent = await getSession(new CookieJar(cookies));
    const error = expectError(sent, 401, "Unauthorized");
    expect(error.details).toEqual([{ source: "session", desc: "No session cookie" }]);
    // Whatever session chunks were sent are deleted, so the browser stops sending a dead session.
    const deleted = sent.setCookies.filter((c) => c.attributes.get("max-age") === "0").map((c) => c.name);
    expect(deleted.sort()).toEqual(cookies.map(([name]) => name).sort());
  });
});
