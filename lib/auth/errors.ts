/**
 * The error model of the seed's AppError/ClientError: an HTTP status name, a message safe to show,
 * and details [{source, desc}] saying which step refused and why. One type serves every layer.
 */
export const HTTP_STATUS = {
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
} as const;

export type HttpStatusName = keyof typeof HTTP_STATUS;

export interface ErrorDetail {
  source: string;
  desc: string;
}

export interface ErrorEnvelope {
  error: { status: number; code: HttpStatusName; message: string; details: ErrorDetail[] };
}

export class AppError extends Error {
  readonly details: ErrorDetail[];
  /** Extra response headers, e.g. WWW-Authenticate or Retry-After. */
  readonly headers: Record<string, string>;

  constructor(
    readonly code: HttpStatusName,
    message: string,
    details: ErrorDetail[] = [],
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "AppError";
    this.details = [...details];
    this.headers = { ...headers };
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }

  addDetail(detail: ErrorDetail): this {
    this.details.push(detail);
    return this;
  }

  toJSON(): ErrorEnvelope {
    return { error: { status: this.status, code: this.code, message: this.message, details: this.details } };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/**
 * The response for any thrown value. Unknown errors become a bare 500: their message may hold
 * internals, so only the error's class name is logged (never a token, password or stack).
 */
export function errorResponse(err: unknown): Response {
  const appError = isAppError(err) ? err : internalError(err);
  return Response.json(appError.toJSON(), {
    status: appError.status,
    headers: { "Cache-Control": "no-store", ...appError.headers },
  });
}

function internalError(err: unknown): AppError {
  const kind = err instanceof Error ? err.name : typeof err;
  console.error(`[auth] unexpected ${kind}`);
  return new AppError("InternalServerError", "Something went wrong on our side");
}
