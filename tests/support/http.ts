/**
 * Small HTTP helpers for the integration tests: JSON requests over real fetch, a cookie jar that
 * behaves like a browser's for one site (including deletions), Set-Cookie parsing and the error
 * envelope check every failing endpoint must pass.
 */
import { request as httpRequest } from "node:http";
import { expect } from "vitest";
import type { ErrorDetail, ErrorEnvelope, HttpStatusName } from "../../lib/auth/errors";

export interface SetCookie {
  name: string;
  value: string;
  /** Attribute names lower-cased; flags such as HttpOnly map to "". */
  attributes: Map<string, string>;
  /** The header line as received, to measure it against the 4096-byte limit. */
  raw: string;
}

export function parseSetCookie(raw: string): SetCookie {
  const [pair = "", ...parts] = raw.split(";");
  const eq = pair.indexOf("=");
  const name = (eq === -1 ? pair : pair.slice(0, eq)).trim();
  const value = eq === -1 ? "" : pair.slice(eq + 1).trim();
  const attributes = new Map<string, string>();
  for (const part of parts) {
    const i = part.indexOf("=");
    const key = (i === -1 ? part : part.slice(0, i)).trim().toLowerCase();
    if (key) attributes.set(key, i === -1 ? "" : part.slice(i + 1).trim());
  }
  return { name, value, attributes, raw };
}

/** A cookie the browser must drop: Max-Age ≤ 0, or Expires in the past. */
export function isDeletion(cookie: SetCookie, nowMs = Date.now()): boolean {
  const maxAge = cookie.attributes.get("max-age");
  if (maxAge !== undefined) return Number(maxAge) <= 0;
  const expires = cookie.attributes.get("expires");
  return expires !== undefined && Date.parse(expires) <= nowMs;
}

/** One site's cookies, updated from responses the way a browser would. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  constructor(initial: Iterable<readonly [string, string]> = []) {
    for (const [name, value] of initial) this.cookies.set(name, value);
  }

  apply(setCookies: readonly SetCookie[]): void {
    for (const cookie of setCookies) {
      if (isDeletion(cookie)) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  set(name: string, value: string): this {
    this.cookies.set(name, value);
    return this;
  }

  delete(name: string): this {
    this.cookies.delete(name);
    return this;
  }

  names(): string[] {
    return [...this.cookies.keys()].sort();
  }

  entries(): [string, string][] {
    return [...this.cookies.entries()];
  }

  /** An independent copy, e.g. to replay a cookie after the jar has been signed out. */
  clone(): CookieJar {
    return new CookieJar(this.cookies);
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

export interface Sent {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  body: unknown;
  setCookies: SetCookie[];
}

export interface SendOptions {
  method?: string;
  /** Serialised as the JSON body with Content-Type application/json. */
  json?: unknown;
  /** A raw body, sent as is (set the Content-Type yourself). */
  body?: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
  /** Sends the jar's cookies and applies the response's Set-Cookie to it. */
  jar?: CookieJar;
}

export async function send(url: string, options: SendOptions = {}): Promise<Sent> {
  const headers = new Headers(options.headers);
  let body: string | Uint8Array<ArrayBuffer> | undefined = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  if (options.jar && !headers.has("cookie")) {
    const cookie = options.jar.header();
    if (cookie) headers.set("cookie", cookie);
  }
  const res = await fetch(url, {
    method: options.method ?? (body === undefined ? "GET" : "POST"),
    headers,
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  const setCookies = res.headers.getSetCookie().map(parseSetCookie);
  options.jar?.apply(setCookies);
  return { status: res.status, headers: res.headers, text, body: parseJson(text), setCookies };
}

export function postJson(url: string, json: unknown, options: Omit<SendOptions, "json" | "method"> = {}): Promise<Sent> {
  return send(url, { ...options, method: "POST", json });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * A POST whose body goes out with Transfer-Encoding: chunked (no Content-Length), so the server
 * has to count what arrives rather than trust a declared length. fetch cannot be made to do this
 * for a buffered body.
 */
export function postChunked(url: string, chunks: readonly Uint8Array[], headers: Record<string, string>): Promise<Sent> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(url, { method: "POST", headers: { ...headers, "transfer-encoding": "chunked" } }, (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on("data", (part: Buffer) => parts.push(part));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(parts).toString("utf8");
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) responseHeaders.append(name, v);
        }
        resolve({
          status: res.statusCode ?? 0,
          headers: responseHeaders,
          text,
          body: parseJson(text),
          setCookies: responseHeaders.getSetCookie().map(parseSetCookie),
        });
      });
    });
    req.setTimeout(15_000, () => req.destroy(new Error("chunked POST timed out")));
    // The server may answer 413 and close before it has read everything: that is the point.
    req.on("error", (err) => {
      if (!answered) reject(err);
    });
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

/**
 * Asserts `sent` is the error envelope {"error":{status, code, message, details:[{source, desc}]}}
 * with this status and code, served as JSON and never cached. Returns the envelope's `error`.
 */
export function expectError(sent: Sent, status: number, code: HttpStatusName): ErrorEnvelope["error"] {
  expect(sent.status, sent.text).toBe(status);
  expect(sent.headers.get("content-type")).toMatch(/^application\/json/);
  expect(sent.headers.get("cache-control")).toMatch(/no-store/);
  expect(Object.keys(sent.body as object)).toEqual(["error"]);
  const { error } = sent.body as ErrorEnvelope;
  expect(Object.keys(error).sort()).toEqual(["code", "details", "message", "status"]);
  expect(error.status).toBe(status);
  expect(error.code).toBe(code);
  expect(typeof error.message).toBe("string");
  expect(error.message.length).toBeGreaterThan(0);
  expect(Array.isArray(error.details)).toBe(true);
  for (const detail of error.details as unknown[]) {
    expect(Object.keys(detail as object).sort()).toEqual(["desc", "source"]);
    const { source, desc } = detail as ErrorDetail;
    expect(typeof source).toBe("string");
    expect(typeof desc).toBe("string");
  }
  return error;
}

/** Something that looks like a JWT or a base64url-encoded JSON object ("eyJ" = `{"`) must never appear. */
export function expectNoTokens(text: string): void {
  expect(text).not.toContain("eyJ");
}

/** The session cookie's chunks (session.0, session.1, …) among Set-Cookie headers, in order. */
export function sessionChunks(setCookies: readonly SetCookie[]): SetCookie[] {
  return setCookies
    .filter((c) => /^session\.\d+$/.test(c.name))
    .sort((a, b) => Number(a.name.split(".")[1]) - Number(b.name.split(".")[1]));
}
