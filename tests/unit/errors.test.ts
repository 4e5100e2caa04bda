import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError, errorResponse, HTTP_STATUS, isAppError, type HttpStatusName } from "@/lib/auth/errors";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("AppError", () => {
  it("serialises to the error envelope", () => {
    const err = new AppError("BadRequest", "The request is invalid", [{ source: "body.username", desc: "is required" }]);
    expect(err.toJSON()).toEqual({
      error: { status: 400, code: "BadRequest", message: "The request is invalid", details: [{ source: "body.username", desc: "is required" }] },
    });
    expect(JSON.parse(JSON.stringify(err))).toEqual(err.toJSON());
  });

  it.each(Object.entries(HTTP_STATUS))("maps %s to %i", (code, status) => {
    expect(new AppError(code as HttpStatusName, "m").status).toBe(status);
  });

  it("has the status numbers HTTP assigns", () => {
    expect(HTTP_STATUS).toEqual({
      BadRequest: 400,
      Unauthorized: 401,
      Forbidden: 403,
      NotFound: 404,
      Conflict: 409,
      PayloadTooLarge: 413,
      UnsupportedMediaType: 415,
      TooManyRequests: 429,
      InternalServerError: 500,
      ServiceUnavailable: 503,
    });
  });

  it("adds details in order and copies the arrays it was given", () => {
    const details = [{ source: "a", desc: "first" }];
    const headers = { "Retry-After": "5" };
    const err = new AppError("Forbidden", "no", details, headers).addDetail({ source: "b", desc: "second" });
    details.push({ source: "c", desc: "added later" });
    headers["Retry-After"] = "999";
    expect(err.details).toEqual([
      { source: "a", desc: "first" },
      { source: "b", desc: "second" },
    ]);
    expect(err.headers).toEqual({ "Retry-After": "5" });
  });

  it("is recognised by isAppError, plain errors are not", () => {
    expect(isAppError(new AppError("NotFound", "x"))).toBe(true);
    expect(isAppError(new Error("x"))).toBe(false);
    expect(isAppError({ code: "NotFound", status: 404 })).toBe(false);
  });
});

describe("errorResponse", () => {
  it("sends an AppError's status, envelope, headers and no-store", async () => {
    const res = errorResponse(
      new AppError("Unauthorized", "Token is invalid", [{ source: "verifyToken", desc: "Token is expired" }], {
        "WWW-Authenticate": 'Bearer error="invalid_token"',
      }),
    );
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    expect(await res.json()).toEqual({
      error: { status: 401, code: "Unauthorized", message: "Token is invalid", details: [{ source: "verifyToken", desc: "Token is expired" }] },
    });
  });

  it("turns an unknown error into a bare 500 without leaking its message", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const secret = "connect ECONNREFUSED db.internal:5432 password=hunter2";
    const res = errorResponse(new RangeError(secret));
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(JSON.parse(body)).toEqual({
      error: { status: 500, code: "InternalServerError", message: "Something went wrong on our side", details: [] },
    });
    expect(body).not.toContain("hunter2");
    const logged = log.mock.calls.flat().map(String).join("\n");
    expect(logged).toContain("RangeError");
    expect(logged).not.toContain("hunter2");
    expect(logged).not.toContain("ECONNREFUSED");
  });

  it("turns a thrown non-Error into a 500 too", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    for (const thrown of ["a string", 42, null, undefined, { token: "eyJ.secret" }]) {
      const res = errorResponse(thrown);
      expect(res.status).toBe(500);
      expect(await res.text()).not.toContain("secret");
    }
  });
});
