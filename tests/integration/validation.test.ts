import { describe, expect, it } from "vitest";
import { expectError, postChunked, postJson, send } from "../support/http";
import { url } from "./fixtures";

/** Every endpoint that reads a JSON body, with a body that is well-formed for it. */
const ENDPOINTS = [
  { path: "/api/auth/sign-in", valid: { username: "someone@example.com", password: "x" } },
  { path: "/api/auth/token", valid: { username: "someone@example.com", password: "x" } },
  { path: "/api/auth/new-password", valid: { session: "s", newPassword: "Long-enough-1!" } },
  { path: "/api/auth/refresh", valid: { refreshToken: "t" } },
  { path: "/api/auth/sign-out", valid: { refreshToken: "t" } },
] as const;

const JSON_TYPE = { "content-type": "application/json" };

describe("malformed requests get a 4xx in the error envelope, never a 500", () => {
  it.each(ENDPOINTS)("$path: malformed JSON → 400", async ({ path }) => {
    const sent = await send(url(path), { method: "POST", body: '{"username": "a", ', headers: JSON_TYPE });
    const error = expectError(sent, 400, "BadRequest");
    expect(error.message).toBe("The request body is not valid JSON");
    expect(error.details).toEqual([{ source: "body", desc: "Malformed JSON" }]);
  });

  it.each(ENDPOINTS)("$path: an unknown extra field → 400 naming it", async ({ path, valid }) => {
    const sent = await postJson(url(path), { ...valid, isAdmin: true });
    const error = expectError(sent, 400, "BadRequest");
    expect(error.details).toHaveLength(1);
    expect(error.details[0]).toEqual({ source: "body.isAdmin", desc: "is not allowed" });
  });

  it.each(ENDPOINTS)("$path: Content-Type text/plain → 415", async ({ path, valid }) => {
    const sent = await send(url(path), { method: "POST", body: JSON.stringify(valid), headers: { "content-type": "text/plain" } });
    const error = expectError(sent, 415, "UnsupportedMediaType");
    expect(error.details).toEqual([{ source: "body", desc: "Content-Type text/plain is not JSON" }]);
  });

  it.each(ENDPOINTS)("$path: a body over 64 KB → 413", async ({ path, valid }) => {
    const sent = await postJson(url(path), { ...valid, padding: "x".repeat(65 * 1024) });
    const error = expectError(sent, 413, "PayloadTooLarge");
    expect(error.details).toEqual([{ source: "body", desc: "Body larger than 65536 bytes" }]);
  });

  it.each(ENDPOINTS)("$path: a JSON value that is not an object → 400", async ({ path }) => {
    for (const body of ["[]", "null", '"text"', "42"]) {
      const sent = await send(url(path), { method: "POST", body, headers: JSON_TYPE });
      const error = expectError(sent, 400, "BadRequest");
      expect(error.details).toEqual([{ source: "body", desc: expect.stringMatching(/expected object/) }]);
    }
  });

  it("a body over 64 KB without Content-Length (chunked) → 413: the size is counted, not trusted", async () => {
    const piece = new TextEncoder().encode("x".repeat(8 * 1024));
    const chunks = [new TextEncoder().encode('{"username":"'), ...Array.from({ length: 9 }, () => piece), new TextEncoder().encode('","password":"x"}')];
    const sent = await postChunked(url("/api/auth/sign-in"), chunks, JSON_TYPE);
    expectError(sent, 413, "PayloadTooLarge");
  });

  it("a body that is not UTF-8 → 400", async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('{"username":"'), 0xff, 0xfe, ...new TextEncoder().encode('","password":"x"}')]);
    const sent = await send(url("/api/auth/sign-in"), { method: "POST", body: bytes, headers: JSON_TYPE });
    const error = expectError(sent, 400, "BadRequest");
    expect(error.details).toEqual([{ source: "body", desc: "Invalid UTF-8" }]);
  });

  it("an empty body where one is required → 400", async () => {
    const sent = await send(url("/api/auth/sign-in"), { method: "POST", body: "", headers: JSON_TYPE });
    expectError(sent, 400, "BadRequest");
  });
});

describe("field validation: one detail per bad field, named body.<field>", () => {
  it.each([
    ["/api/auth/sign-in", ["username", "password"]],
    ["/api/auth/token", ["username", "password"]],
    ["/api/auth/new-password", ["session", "newPassword"]],
  ] as const)("%s: missing fields", async (path, fields) => {
    const sent = await postJson(url(path), {});
    const error = expectError(sent, 400, "BadRequest");
    expect(error.message).toBe("The request is invalid");
    expect(error.details).toEqual(fields.map((f) => ({ source: `body.${f}`, desc: "is required" })));
  });

  it("sign-in: only the missing field is reported", async () => {
    const sent = await postJson(url("/api/auth/sign-in"), { username: "someone@example.com" });
    expect(expectError(sent, 400, "BadRequest").details).toEqual([{ source: "body.password", desc: "is required" }]);
  });

  it.each([
    ["/api/auth/sign-in", { username: 42, password: ["x"] }, ["username", "password"]],
    ["/api/auth/token", { username: { $ne: "" }, password: null }, ["username", "password"]],
    ["/api/auth/new-password", { session: 1, newPassword: false }, ["session", "newPassword"]],
    ["/api/auth/refresh", { refreshToken: 7, username: ["a"] }, ["refreshToken", "username"]],
    ["/api/auth/sign-out", { refreshToken: { token: "x" } }, ["refreshToken"]],
  ] as const)("%s: wrong types", async (path, body, fields) => {
    const sent = await postJson(url(path), body);
    const error = expectError(sent, 400, "BadRequest");
    expect(error.details).toEqual(fields.map((f) => ({ source: `body.${f}`, desc: "must be a string" })));
  });

  it("sign-in: a blank username is missing, an absurdly long one is refused before Cognito sees it", async () => {
    const blank = await postJson(url("/api/auth/sign-in"), { username: "   ", password: "x" });
    expect(expectError(blank, 400, "BadRequest").details).toEqual([{ source: "body.username", desc: "is required" }]);
    const long = await postJson(url("/api/auth/sign-in"), { username: `${"a".repeat(200)}@example.com`, password: "x".repeat(300) });
    expect(expectError(long, 400, "BadRequest").details).toEqual([
      { source: "body.username", desc: "is too long" },
      { source: "body.password", desc: "is too long" },
    ]);
  });

  it("an unsupported method is refused with 405, not served", async () => {
    const sent = await send(url("/api/auth/sign-in"), { method: "GET" });
    expect(sent.status).toBe(405);
    expect(sent.setCookies).toEqual([]);
  });
});
