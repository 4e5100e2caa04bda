import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/auth/errors";
import { assertSameOrigin, json, jsonRoute, MAX_BODY_BYTES, readJsonBody } from "@/lib/auth/http";
import { credentialsSchema, refreshSchema } from "@/lib/auth/schemas";

const URL_ = "http://app.example.com/api/auth/sign-in";
const JSON_TYPE = { "content-type": "application/json" };

function post(body: BodyInit | null, headers: Record<string, string> = JSON_TYPE): Request {
  return new Request(URL_, { method: "POST", body, headers });
}

/** A streamed body: no Content-Length, so only counting the bytes can catch an oversized one. */
function streamOf(bytes: number, chunk = 8192): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const size = Math.min(chunk, bytes - sent);
      sent += size;
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
  });
}

function streamedPost(stream: ReadableStream<Uint8Array>, headers: Record<string, string> = JSON_TYPE): Request {
  // `duplex` is required by Node's fetch for stream bodies and missing from the DOM typings.
  const init: RequestInit & { duplex: "half" } = { method: "POST", body: stream, headers, duplex: "half" };
  return new Request(URL_, init);
}

async function refused(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "the body was accepted").toBeInstanceOf(AppError);
  return err as AppError;
}

describe("readJsonBody", () => {
  it("parses and validates a JSON body", async () => {
    const body = await readJsonBody(post(JSON.stringify({ username: " alice ", password: "pw" })), credentialsSchema);
    expect(body).toEqual({ username: "alice", password: "pw" });
  });

  it("accepts JSON content types with parameters or a +json suffix, and a missing content type", async () => {
    const schema = z.object({ a: z.number() });
    for (const type of ["application/json; charset=utf-8", "application/merge-patch+json", "APPLICATION/JSON"]) {
      await expect(readJsonBody(post('{"a":1}', { "content-type": type }), schema), type).resolves.toEqual({ a: 1 });
    }
    await expect(readJsonBody(post(new TextEncoder().encode('{"a":1}'), {}), schema)).resolves.toEqual({ a: 1 });
  });

  it("refuses malformed JSON with 400", async () => {
    const err = await refused(readJsonBody(post('{"username": "alice",'), credentialsSchema));
    expect(err.toJSON()).toEqual({
      error: { status: 400, code: "BadRequest", message: "The request body is not valid JSON", details: [{ source: "body", desc: "Malformed JSON" }] },
    });
  });

  it("refuses a non-JSON content type with 415", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp"]) {
      const err = await refused(readJsonBody(post('{"username":"a","password":"b"}', { "content-type": type }), credentialsSchema));
      expect(err.status, type).toBe(415);
      expect(err.details[0]?.source).toBe("body");
    }
  });

  it("refuses a body over 64 KB with 413 when Content-Length says so", async () => {
    const err = await refused(readJsonBody(post("{}", { ...JSON_TYPE, "content-length": String(MAX_BODY_BYTES + 1) }), credentialsSchema));
    expect(err.status).toBe(413);
  });

  it("refuses a body over 64 KB with 413 when it has no Content-Length", async () => {
    const big = JSON.stringify({ username: "a", password: "x".repeat(MAX_BODY_BYTES) });
    const request = post(big);
    expect(request.headers.get("content-length")).toBeNull();
    expect((await refused(readJsonBody(request, credentialsSchema))).status).toBe(413);
  });

  it("refuses a streamed body over 64 KB with 413, and lets exactly 64 KB through to parsing", async () => {
    expect((await refused(readJsonBody(streamedPost(streamOf(MAX_BODY_BYTES + 1)), credentialsSchema))).status).toBe(413);
    expect((await refused(readJsonBody(streamedPost(streamOf(10 * MAX_BODY_BYTES)), credentialsSchema))).status).toBe(413);
    // 64 KB of spaces is within the limit, and then fails as malformed JSON instead.
    expect((await refused(readJsonBody(streamedPost(streamOf(MAX_BODY_BYTES)), credentialsSchema))).status).toBe(400);
  });

  it("refuses a Content-Length that lies low", async () => {
    const request = streamedPost(streamOf(MAX_BODY_BYTES * 2), { ...JSON_TYPE, "content-length": "10" });
    expect((await refused(readJsonBody(request, credentialsSchema))).status).toBe(413);
  });

  it("refuses invalid UTF-8 with 400", async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const err = await refused(readJsonBody(post(bytes), z.object({ a: z.string() })));
    expect(err.status).toBe(400);
    expect(err.details).toEqual([{ source: "body", desc: "Invalid UTF-8" }]);
  });

  it("gives one detail per bad field", async () => {
    const err = await refused(readJsonBody(post(JSON.stringify({ username: "   ", password: 42 })), credentialsSchema));
    expect(err.status).toBe(400);
    expect(err.message).toBe("The request is invalid");
    expect(err.details).toEqual([
      { source: "body.username", desc: "is required" },
      { source: "body.password", desc: "must be a string" },
    ]);
  });

  it("names missing fields and unknown keys", async () => {
    const err = await refused(readJsonBody(post(JSON.stringify({ user: "alice" })), credentialsSchema));
    expect(err.details).toContainEqual({ source: "body.username", desc: "is required" });
    expect(err.details).toContainEqual({ source: "body.password", desc: "is required" });
    expect(err.details).toContainEqual({ source: "body.user", desc: "is not allowed" });
  });

  it("refuses JSON that is not an object", async () => {
    for (const body of ["null", "[]", '"alice"', "42"]) {
      const err = await refused(readJsonBody(post(body), credentialsSchema));
      expect(err.status, body).toBe(400);
      expect(err.details[0]?.source).toBe("body");
    }
  });

  it("treats an empty body as {} when the body is optional", async () => {
    await expect(readJsonBody(post(""), refreshSchema, { optional: true })).resolves.toEqual({});
    await expect(readJsonBody(new Request(URL_, { method: "POST" }), refreshSchema, { optional: true })).resolves.toEqual({});
    await expect(readJsonBody(post("  \n"), refreshSchema, { optional: true })).resolves.toEqual({});
  });

  it("refuses an empty body when it is required", async () => {
    expect((await refused(readJsonBody(post(""), credentialsSchema))).status).toBe(400);
  });

  it("never echoes the password in its errors", async () => {
    const err = await refused(readJsonBody(post(JSON.stringify({ username: "alice", password: "Demo-Passw0rd!", extra: 1 })), credentialsSchema));
    expect(JSON.stringify(err.toJSON())).not.toContain("Demo-Passw0rd!");
  });
});

describe("assertSameOrigin", () => {
  const request = (method: string, headers: Record<string, string>) => new Request(URL_, { method, headers });

  it("refuses a cross-site Origin with 403", () => {
    let thrown: unknown;
    try {
      assertSameOrigin(request("POST", { host: "app.example.com", origin: "https://evil.example" }));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).toJSON().error).toMatchObject({ status: 403, code: "Forbidden", details: [{ source: "originCheck" }] });
  });

  it("refuses an Origin that only differs by port or subdomain", () => {
    expect(() => assertSameOrigin(request("POST", { host: "app.example.com", origin: "http://app.example.com:8080" }))).toThrow(AppError);
    expect(() => assertSameOrigin(request("POST", { host: "app.example.com", origin: "http://evil.app.example.com" }))).toThrow(AppError);
  });

  it('refuses an opaque Origin ("null")', () => {
    expect(() => assertSameOrigin(request("POST", { host: "app.example.com", origin: "null" }))).toThrow(AppError);
  });

  it("refuses Sec-Fetch-Site: cross-site even without an Origin", () => {
    expect(() => assertSameOrigin(request("DELETE", { host: "app.example.com", "sec-fetch-site": "cross-site" }))).toThrow(AppError);
  });

  it("allows the same origin", () => {
    expect(() => assertSameOrigin(request("POST", { host: "app.example.com", origin: "http://app.example.com" }))).not.toThrow();
    expect(() => assertSameOrigin(request("POST", { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" }))).not.toThrow();
  });

  it("compares against X-Forwarded-Host behind a proxy", () => {
    const proxied = { host: "10.0.0.5:3000", "x-forwarded-host": "app.example.com" };
    expect(() => assertSameOrigin(request("POST", { ...proxied, origin: "https://app.example.com" }))).not.toThrow();
    expect(() => assertSameOrigin(request("POST", { ...proxied, origin: "http://10.0.0.5:3000" }))).toThrow(AppError);
  });

  it("allows GET and HEAD from anywhere", () => {
    for (const method of ["GET", "HEAD"]) {
      expect(() => assertSameOrigin(request(method, { host: "app.example.com", origin: "https://evil.example", "sec-fetch-site": "cross-site" }))).not.toThrow();
    }
  });

  it("allows a request without Origin or Sec-Fetch-Site (not a browser)", () => {
    expect(() => assertSameOrigin(request("POST", { host: "app.example.com" }))).not.toThrow();
  });
});

describe("jsonRoute / json", () => {
  it("turns a thrown AppError into its envelope", async () => {
    const handler = jsonRoute(async () => {
      throw new AppError("Conflict", "already there", [{ source: "x", desc: "y" }]);
    });
    const res = await handler(new Request(URL_), {});
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { status: 409, code: "Conflict", message: "already there", details: [{ source: "x", desc: "y" }] } });
  });

  it("turns a bad body into a 4xx, never a 500", async () => {
    const handler = jsonRoute(async (req: Request) => json(await readJsonBody(req, credentialsSchema)));
    expect((await handler(post("{oops"), {})).status).toBe(400);
    expect((await handler(post("{}", { "content-type": "text/plain" }), {})).status).toBe(415);
  });

  it("marks JSON responses private and uncacheable", async () => {
    const res = json({ ok: true }, { status: 201, headers: { "x-extra": "1" } });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("x-extra")).toBe("1");
    expect(await res.json()).toEqual({ ok: true });
  });
});
