import { NextResponse, type NextRequest } from "next/server";
import { authorize } from "./authorize";
import type { User } from "./claims";
import { AppError, errorResponse } from "./errors";
import { forbiddenError, unauthorized } from "./pipeline";
import { findPolicy } from "./policy";
import { needsRefresh, refreshSession } from "./refresh-session";
import {
  clearSessionWrites,
  cookieSecure,
  isSessionCookie,
  readSession,
  sealSession,
  sessionCookieWrites,
  type CookieWrite,
} from "./session";
import { userFromSession } from "./session-user";
import { TokenError } from "./verify";

/**
 * The middleware's logic (middleware.ts only calls this): read the session, verify it, refresh it
 * once when it is about to expire, then apply the access policy. It is the fast, optimistic gate;
 * pages and handlers check again through the DAL / pipeline.
 */
export const FORBIDDEN_PATH = "/forbidden";
export const LOGIN_PATH = "/login";

type SessionState =
  | { kind: "anonymous" }
  | { kind: "signedIn"; user: User; writes: CookieWrite[] }
  | { kind: "expired"; writes: CookieWrite[] }
  | { kind: "unavailable"; error: AppError };

/** Auth endpoints that manage the session themselves: don't refresh it underneath them. */
function managesOwnSession(request: NextRequest): boolean {
  return request.method === "POST" && request.nextUrl.pathname.startsWith("/api/auth/");
}

export async function gate(request: NextRequest): Promise<NextResponse> {
  const { pathname } = request.nextUrl;
  const api = pathname.startsWith("/api/");
  const match = findPolicy(pathname, request.method);
  if (!match) return notFound(api);

  // Bearer calls are the API pipeline's to verify; verifying here too would double the cost.
  if (api && request.headers.has("authorization")) return NextResponse.next();

  const state = managesOwnSession(request) ? ({ kind: "anonymous" } as const) : await sessionState(request);

  // Public routes render even when Cognito is down; they just don't see the (unverifiable) user.
  if (match.entry.access.public) return withCookies(request, state, match.entry.status);
  if (state.kind === "unavailable") return unavailable(state.error, api);

  if (state.kind !== "signedIn") {
    if (api) {
      const desc = state.kind === "expired" ? "Session cookie is invalid or expired" : "No bearer token or session cookie";
      const response = errorResponse(unauthorized("Sign in to use this API", desc));
      return applyWrites(new NextResponse(response.body, response), state.kind === "expired" ? state.writes : []);
    }
    const login = new URL(LOGIN_PATH, request.url);
    login.search = "";
    login.searchParams.set("next", pathname + request.nextUrl.search);
    if (state.kind === "expired") login.searchParams.set("reason", "expired");
    return applyWrites(NextResponse.redirect(login, 303), state.kind === "expired" ? state.writes : []);
  }

  const decision = authorize(state.user, match.entry.access.policy, match.params);
  if (!decision.ok) {
    if (api) {
      const response = errorResponse(forbiddenError(decision));
      return applyWrites(new NextResponse(response.body, response), state.writes);
    }
    const forbidden = new URL(FORBIDDEN_PATH, request.url);
    forbidden.searchParams.set("from", pathname);
    return applyWrites(NextResponse.redirect(forbidden, 303), state.writes);
  }
  const response = withCookies(request, state);
  // Protected content must not outlive sign-out in the browser's cache or the back button.
  response.headers.set("Cache-Control", "private, no-store");
  return response;
}

async function sessionState(request: NextRequest): Promise<SessionState> {
  const cookies = request.cookies.getAll();
  if (!cookies.some((c) => isSessionCookie(c.name))) return { kind: "anonymous" };
  const secure = cookieSecure(request.nextUrl);
  const signOut = clearSessionWrites(cookies, secure);
  const session = await readSession(cookies);
  if (!session) return { kind: "expired", writes: signOut };

  if (!needsRefresh(session)) {
    try {
      return { kind: "signedIn", user: await userFromSession(session), writes: [] };
    } catch (err) {
      if (err instanceof TokenError && err.reason === "jwksUnavailable") return { kind: "unavailable", error: err };
      if (!session.refreshToken) return { kind: "expired", writes: signOut };
      // Expired early (clock skew) or signed by a key that has since rotated: try a refresh.
    }
  }
  if (!session.refreshToken) return { kind: "expired", writes: signOut };
  try {
    const refreshed = await refreshSession(session);
    const writes = sessionCookieWrites(await sealSession(refreshed.session), cookies, secure);
    return { kind: "signedIn", user: refreshed.user, writes };
  } catch (err) {
    // An outage must not destroy a refresh token that still works: answer 503 and keep the cookie.
    if (err instanceof AppError && (err.code === "ServiceUnavailable" || err.code === "TooManyRequests")) {
      return { kind: "unavailable", error: err };
    }
    return { kind: "expired", writes: signOut };
  }
}

/** NextResponse.next(), with refreshed cookies set on the response AND forwarded into the request. */
function withCookies(request: NextRequest, state: SessionState, status?: number): NextResponse {
  const writes = state.kind === "signedIn" || state.kind === "expired" ? state.writes : [];
  if (writes.length === 0) return NextResponse.next({ status });
  // Server components read cookies from the request: give them the fresh session, not the stale one.
  const forwarded = new Map(request.cookies.getAll().map((c) => [c.name, c.value]));
  for (const w of writes) {
    if (w.options.maxAge === 0) forwarded.delete(w.name);
    else forwarded.set(w.name, w.value);
  }
  const headers = new Headers(request.headers);
  headers.set("cookie", [...forwarded].map(([name, value]) => `${name}=${value}`).join("; "));
  return applyWrites(NextResponse.next({ request: { headers }, status }), writes);
}

function applyWrites(response: NextResponse, writes: CookieWrite[]): NextResponse {
  for (const { name, value, options } of writes) response.cookies.set(name, value, options);
  return response;
}

/** Fail closed, but say it is our outage (503), not the user's session: the cookie is kept. */
function unavailable(error: AppError, api: boolean): NextResponse {
  const response = errorResponse(error);
  if (api) return new NextResponse(response.body, response);
  return new NextResponse("Sign-in is temporarily unavailable. Please try again in a moment.", {
    status: 503,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "5", "Cache-Control": "no-store" },
  });
}

function notFound(api: boolean): NextResponse {
  if (api) {
    const response = errorResponse(new AppError("NotFound", "No such endpoint", [{ source: "policy", desc: "Route has no access policy" }]));
    return new NextResponse(response.body, response);
  }
  return new NextResponse("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

