import { authorize, checkRoles, checkTeams } from "./authorize";
import { userFromClaims, type User } from "./claims";
import { getConfig, type AuthConfig } from "./config";
import { AppError, type ErrorDetail } from "./errors";
import { assertSameOrigin, jsonRoute } from "./http";
import { findPolicy } from "./policy";
import { isSessionCookie, readSession, type CookieLike } from "./session";
import { verifyToken, type VerifyToken } from "./verify";

/**
 * The seed's step pipeline for route handlers: verifyToken → checkRoles → checkTeams → handler.
 * Each step reads a typed context and may add to it (verifyToken adds the user); a step stops the
 * chain by throwing an AppError, which jsonRoute turns into the error envelope. The context lives
 * only in this call: nothing is stored in globals or in request headers a client could forge.
 */

/** What every step sees: the request and the route's resolved parameters. */
export interface RequestContext<P> {
  request: Request;
  params: P;
}

/** Added by verifyTokenStep. */
export interface AuthContext {
  user: User;
  /** Where the token came from: cookies need a same-origin check on writes, bearer tokens do not. */
  credential: "bearer" | "cookie";
}

/** A step returns what it adds to the context (or nothing); it throws an AppError to stop the chain. */
export type Step<In, Out extends object | void = void> = (ctx: In) => Out | Promise<Out>;

type Extend<C, Out> = Out extends object ? C & Out : C;

/** Next passes `{ params: Promise<…> }` as a route handler's second argument. */
export interface RouteContext<P> {
  params: Promise<P>;
}

export type RouteHandler<P> = (request: Request, context: RouteContext<P>) => Promise<Response>;

export interface Pipeline<P, C> {
  /** Appends a step. Its input type must be satisfied by the steps before it, so order is checked. */
  use<Out extends object | void>(step: Step<C, Out>): Pipeline<P, Extend<C, Out>>;
  /** Ends the chain with the handler and returns the route handler Next calls. */
  handle(handler: (ctx: C) => Response | Promise<Response>): RouteHandler<P>;
}

type AnyStep = (ctx: object) => unknown;

function build<P, C>(steps: readonly AnyStep[]): Pipeline<P, C> {
  return {
    use<Out extends object | void>(step: Step<C, Out>) {
      return build<P, Extend<C, Out>>([...steps, step as AnyStep]);
    },
    handle(handler) {
      return jsonRoute(async (request: Request, context: RouteContext<P>) => {
        let ctx: object = { request, params: await context.params };
        for (const step of steps) {
          const added = await step(ctx);
          if (added && typeof added === "object") ctx = { ...ctx, ...added };
        }
        return handler(ctx as C);
      });
    },
  };
}

/** An empty pipeline for a route with parameters P (e.g. `{ id: string }` for `[id]`). */
export function pipeline<P extends object = Record<string, never>>(): Pipeline<P, RequestContext<P>> {
  return build<P, RequestContext<P>>([]);
}

// ---------------------------------------------------------------------------------------------
// verifyToken

export interface VerifyDeps {
  /** Injected in unit tests (a local key); defaults to the configured pool's verifier. */
  verify?: VerifyToken;
  config?: AuthConfig;
}

/** Cognito tokens are 1–2 KB; anything far larger is refused before it is decoded. */
export const MAX_BEARER_CHARS = 8 * 1024;

const WWW_AUTHENTICATE = { "WWW-Authenticate": 'Bearer error="invalid_token"' };

export function unauthorized(message: string, desc: string): AppError {
  return new AppError("Unauthorized", message, [{ source: "verifyToken", desc }], WWW_AUTHENTICATE);
}

/**
 * The token of an `Authorization: Bearer <token>` header. The detail names the problem but never
 * echoes the header: it may hold a credential.
 */
export function bearerToken(header: string): string {
  const parts = header.trim().split(/\s+/).filter(Boolean);
  const invalid = (desc: string) => unauthorized("Token is invalid", desc);
  if (parts.length === 0) throw invalid("Authorization header is empty");
  if (parts[0]!.toLowerCase() !== "bearer") throw invalid("Authorization scheme must be Bearer");
  if (parts.length === 1) throw invalid("Authorization header has no token after Bearer");
  if (parts.length > 2) throw invalid("Authorization header must carry exactly one token");
  const token = parts[1]!;
  if (token.length > MAX_BEARER_CHARS) throw invalid(`Token is longer than ${MAX_BEARER_CHARS} characters`);
  return token;
}

/** Cookies from a Cookie header (route handlers get middleware's refreshed cookies here too). */
export function parseCookieHeader(header: string | null): CookieLike[] {
  if (!header) return [];
  const cookies: CookieLike[] = [];
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    if (eq < 0) continue;
    const name = pair.slice(0, eq).trim();
    const raw = pair.slice(eq + 1).trim();
    let value = raw;
    try {
      value = decodeURIComponent(raw);
    } catch {
      // Not percent-encoded by us: keep it as sent; unsealing will refuse it if it is bad.
    }
    if (name) cookies.push({ name, value });
  }
  return cookies;
}

/**
 * Authenticates the request: a Bearer header (ID or access token) wins; without one, the session
 * cookie's ID token. Cookie-authenticated writes must also come from this site (CSRF).
 */
export function verifyTokenStep(deps: VerifyDeps = {}): Step<RequestContext<unknown>, AuthContext> {
  return async ({ request }) => {
    const config = deps.config ?? getConfig();
    const verify = deps.verify ?? verifyToken;
    const header = request.headers.get("authorization");
    if (header !== null) {
      const verified = await verify(bearerToken(header), ["id", "access"]);
      return { user: userFromClaims(verified, config.claims), credential: "bearer" };
    }
    const cookies = parseCookieHeader(request.headers.get("cookie"));
    const session = await readSession(cookies, config);
    if (!session) {
      const sent = cookies.some((c) => isSessionCookie(c.name));
      throw unauthorized(
        "Sign in to use this API",
        sent ? "Session cookie is invalid or expired" : "No bearer token or session cookie",
      );
    }
    const user = userFromClaims(await verify(session.idToken, ["id"]), config.claims);
    assertSameOrigin(request);
    return { user, credential: "cookie" };
  };
}

// ---------------------------------------------------------------------------------------------
// role, team and policy checks: the rules live in authorize.ts; these steps only apply them.

export const FORBIDDEN_MESSAGE = "You don't have permission to do this action";

/** The 403 for a refused check, with the check's own {source, desc}. */
export function forbiddenError(refusal: ErrorDetail): AppError {
  return new AppError("Forbidden", FORBIDDEN_MESSAGE, [{ source: refusal.source, desc: refusal.desc }]);
}

/** Throws the 403 unless the decision allows. */
export function enforce(decision: { ok: true } | ({ ok: false } & ErrorDetail)): void {
  if (!decision.ok) throw forbiddenError(decision);
}

/** `["*"]` allows any signed-in user. */
export function checkRolesStep(allowed: readonly string[]): Step<AuthContext> {
  return ({ user }) => enforce(checkRoles(user, allowed));
}

/**
 * `["*"]` allows any team; `"[name]"` is the team named by route parameter `name`; `anyTeamRoles`
 * pass whatever their team (admins).
 */
export function checkTeamsStep(
  allowed: readonly string[],
  anyTeamRoles: readonly string[] = [],
): Step<AuthContext & RequestContext<unknown>> {
  return ({ user, params }) => enforce(checkTeams(user, allowed, stringParams(params), anyTeamRoles));
}

/**
 * Applies the policy table's entry for this request's path and method, so a route handler never
 * restates who may call it. A request that no entry covers is refused (deny by default).
 */
export function policyStep(): Step<AuthContext & RequestContext<unknown>> {
  return ({ user, request }) => {
    const match = findPolicy(new URL(request.url).pathname, request.method);
    if (!match) throw forbiddenError({ source: "policy", desc: "No access policy covers this route" });
    if (match.entry.access.public) return;
    enforce(authorize(user, match.entry.access.policy, match.params));
  };
}

/** verifyToken → the policy table's checks: the usual head of a protected API route. */
export function protectedRoute<P extends object = Record<string, never>>(deps: VerifyDeps = {}) {
  return pipeline<P>().use(verifyTokenStep(deps)).use(policyStep());
}

function stringParams(params: unknown): Record<string, string> {
  if (!params || typeof params !== "object") return {};
  return Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === "string"));
}
