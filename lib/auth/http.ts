import { z } from "zod";
import { AppError, errorResponse, type ErrorDetail } from "./errors";

/** Request bodies larger than this are refused before they are parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads a JSON body and validates it. Every failure is a 4xx in the error envelope: 413 for too
 * large, 415 for a non-JSON content type, 400 for malformed JSON or one detail per bad field.
 * `optional`: an empty body validates as {} (e.g. a cookie-session refresh).
 */
export async function readJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  { optional = false }: { optional?: boolean } = {},
): Promise<z.infer<S>> {
  const text = await readText(request);
  if (text.trim() === "" && optional) return parseWith(schema, {});
  const type = request.headers.get("content-type");
  if (type && !/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new AppError("UnsupportedMediaType", "Send the body as application/json", [
      { source: "body", desc: `Content-Type ${type.split(";")[0]} is not JSON` },
    ]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("BadRequest", "The request body is not valid JSON", [{ source: "body", desc: "Malformed JSON" }]);
  }
  return parseWith(schema, value);
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, source = "body"): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new AppError("BadRequest", "The request is invalid", fieldDetails(parsed.error, source));
}

export function fieldDetails(error: z.ZodError, source: string): ErrorDetail[] {
  return error.issues.flatMap((issue) => {
    const at = issue.path.length ? `${source}.${issue.path.join(".")}` : source;
    // One detail per unknown field, named like every other field error.
    if (issue.code === "unrecognized_keys") return issue.keys.map((key) => ({ source: `${at}.${key}`, desc: "is not allowed" }));
    return [{ source: at, desc: issue.message }];
  });
}

async function readText(request: Request): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return "";
  // Content-Length can be absent (chunked) or wrong: count what actually arrives.
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("BadRequest", "The request body is not valid UTF-8", [{ source: "body", desc: "Invalid UTF-8" }]);
  }
}

function tooLarge(): AppError {
  return new AppError("PayloadTooLarge", `The request body exceeds ${MAX_BODY_BYTES / 1024} KB`, [
    { source: "body", desc: `Body larger than ${MAX_BODY_BYTES} bytes` },
  ]);
}

/**
 * Refuses state-changing requests sent by another site. SameSite=Lax already keeps the session
 * cookie off cross-site POSTs; this also covers login CSRF and browsers without SameSite.
 */
export function assertSameOrigin(request: Request): void {
  if (request.method === "GET" || request.method === "HEAD") return;
  const site = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  let crossOrigin = site === "cross-site";
  if (origin && !crossOrigin) {
    try {
      crossOrigin = new URL(origin).host !== (request.headers.get("x-forwarded-host") ?? request.headers.get("host"));
    } catch {
      crossOrigin = true;
    }
  }
  if (crossOrigin) {
    throw new AppError("Forbidden", "Cross-site requests are not allowed", [{ source: "originCheck", desc: "Origin does not match this site" }]);
  }
}

/** Wraps a route handler so every thrown error becomes the JSON error envelope, never an HTML 500. */
export function jsonRoute<C>(handler: (request: Request, context: C) => Promise<Response>) {
  return async (request: Request, context: C): Promise<Response> => {
    try {
      return await handler(request, context);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("Cache-Control", "private, no-store");
  return Response.json(body, { ...init, headers });
}
