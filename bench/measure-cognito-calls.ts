import autocannon from "autocannon";
import { createVerifier, TokenError } from "../lib/auth/verify";
import { JWKS, type CountingProxy } from "./counting-proxy";
import { load } from "./http-load";
import type { AuthConfig } from "../lib/auth/config";
import { sealedCookies } from "./session-cookies";
import { signInThroughApp, initiateAuthDirect, ALICE, BOB, type AppSignIn } from "./sign-in";
import type { BenchStack } from "./stack";

/**
 * 3. Calls to Cognito, counted by the proxy between the app and the emulator.
 */

export interface JwksDuringRequests {
  /** JWKS fetches while signing in (the sign-in route verifies the new ID token). */
  duringSignIn: number;
  /** JWKS fetches during the authenticated requests that followed, from a cold middleware. */
  duringRequests: number;
  requests: number;
  signIn: AppSignIn;
  /**
   * When each key cache was filled (epoch ms). Route handlers, server components and the edge
   * middleware are separate module instances, each with its own cache: the proxy cannot tell
   * them apart, but the phase that made the fetch can.
   */
  filledAt: KeyCacheFills;
}

export interface KeyCacheFills {
  routeHandlers?: number;
  middleware?: number;
}

/** Run on a stack that has served nothing but health checks: every key cache is still cold. */
export async function jwksDuringAuthenticatedRequests(stack: BenchStack, requests: number): Promise<JwksDuringRequests> {
  stack.proxy.reset();
  const signIn = await signInThroughApp(stack.baseURL, ALICE);
  const duringSignIn = stack.proxy.count(JWKS);
  const routeHandlers = duringSignIn ? stack.proxy.lastSeen(JWKS) : undefined;
  stack.proxy.reset();
  await load(
    stack.baseURL,
    { label: "GET /api/auth/session", path: "/api/auth/session", headers: { cookie: signIn.cookieHeader } },
    { connections: 10, amount: requests },
  );
  const duringRequests = stack.proxy.count(JWKS);
  const middleware = duringRequests ? stack.proxy.lastSeen(JWKS) : undefined;
  return { duringSignIn, duringRequests, requests, signIn, filledAt: { routeHandlers, middleware } };
}

export interface KidFlood {
  tokens: number;
  /** JWKS fetches the flood caused. */
  fetches: number;
  seconds: number;
  /** How long before the flood the verifier under test had filled its key cache (the cooldown is 30 s). */
  secondsSinceLastFetch: number | null;
}

export interface KidFloodResult {
  /**
   * `Authorization: Bearer` to GET /api/customers: the API pipeline verifies the token before the
   * route touches its data, so this is the cheapest route that verifies a bearer token. Null
   * when the build has no such route (the middleware leaves bearer calls to API pipelines).
   */
  bearer: KidFlood | null;
  /**
   * Each token in a session cookie sealed with the app's SESSION_SECRET (the bench chose it),
   * sent to GET /api/health: the middleware opens the session and verifies the token, the path
   * every page request of a signed-in browser takes.
   */
  cookie: KidFlood;
  /** In-process: createVerifier pointed at the proxy's JWKS URL, from a cold key cache. */
  inProcess: KidFlood;
}

const BEARER_ROUTE = "/api/customers";

export async function unknownKidFlood(
  stack: BenchStack,
  config: AuthConfig,
  tokens: readonly string[],
  filledAt: KeyCacheFills,
  wrongIssuerToken: string,
): Promise<KidFloodResult> {
  let bearer: KidFlood | null = null;
  if (await verifiesBearerTokens(stack.baseURL, wrongIssuerToken)) {
    let next = 0;
    const flood = await measureFlood(stack.proxy, filledAt.routeHandlers, async () => {
      const result = await autocannon({
        url: `${stack.baseURL}${BEARER_ROUTE}`,
        connections: 10,
        amount: tokens.length,
        requests: [
          {
            method: "GET",
            path: BEARER_ROUTE,
            setupRequest: (request) => ({ ...request, headers: { authorization: `Bearer ${tokens[next++ % tokens.length]!}` } }),
          },
        ],
      });
      const refused = result.statusCodeStats["401"]?.count ?? 0;
      if (result.errors || refused !== tokens.length) {
        throw new Error(`bearer kid flood: ${result.errors} errors, ${refused} of ${tokens.length} answered 401`);
      }
    });
    bearer = { ...flood, tokens: tokens.length };
  }

  const cookies: string[] = [];
  for (const token of tokens) {
    const { cookieHeader } = await sealedCookies(
      // No refresh token: a failed check must end as "signed out", not start a refresh.
      { idToken: token, accessToken: token, expiresAt: Math.floor(Date.now() / 1000) + 3600, username: "flood" },
      config,
      false,
    );
    cookies.push(cookieHeader);
  }

  const cookieFlood = await measureFlood(stack.proxy, filledAt.middleware, async () => {
    let next = 0;
    const result = await autocannon({
      url: `${stack.baseURL}/api/health`,
      connections: 10,
      amount: cookies.length,
      requests: [{ method: "GET", path: "/api/health", setupRequest: (request) => ({ ...request, headers: { cookie: cookies[next++ % cookies.length]! } }) }],
    });
    if (result.errors || result.non2xx) throw new Error(`cookie kid flood: ${result.errors} errors, ${result.non2xx} non-2xx`);
  });
  // Afterwards: the forged probe would itself start the 30 s cooldown the flood is meant to meet.
  await proveSealedSessionsReachVerification(stack, config, cookies[0]!);

  const verify = createVerifier({ issuer: stack.issuer, clientId: stack.clientId, jwks: `${stack.issuer}/.well-known/jwks.json` });
  // The same tokens must fail for exactly this reason, or the floods above measured something else.
  const inProcess = await measureFlood(stack.proxy, undefined, async () => {
    for (const token of tokens) {
      try {
        await verify(token, ["id"]);
        throw new Error("a token with an unknown kid verified");
      } catch (err) {
        if (!(err instanceof TokenError) || err.reason !== "kidUnknown") throw err;
      }
    }
  });
  return { bearer, cookie: { ...cookieFlood, tokens: tokens.length }, inProcess: { ...inProcess, tokens: tokens.length } };
}

/**
 * Whether GET /api/customers verifies bearer tokens: a token from another issuer is refused (401)
 * by a verifying route before any key lookup, so asking does not start the JWKS cooldown. Without
 * the route the request falls through to a 404.
 */
async function verifiesBearerTokens(baseURL: string, wrongIssuerToken: string): Promise<boolean> {
  const res = await fetch(`${baseURL}${BEARER_ROUTE}`, { headers: { authorization: `Bearer ${wrongIssuerToken}` } });
  await res.arrayBuffer();
  if (res.status === 404) return false;
  if (res.status === 401 && res.headers.get("www-authenticate")?.startsWith("Bearer")) return true;
  throw new Error(`GET ${BEARER_ROUTE} with a foreign bearer token answered ${res.status}`);
}

async function measureFlood(
  proxy: CountingProxy,
  filledAt: number | undefined,
  flood: () => Promise<void>,
): Promise<Omit<KidFlood, "tokens">> {
  const started = Date.now();
  proxy.reset();
  await flood();
  return {
    fetches: proxy.count(JWKS),
    seconds: (Date.now() - started) / 1000,
    secondsSinceLastFetch: filledAt === undefined ? null : (started - filledAt) / 1000,
  };
}

/**
 * The flood only means something if the app opens the forged sessions and verifies their tokens:
 * a session sealed the same way around real tokens must be accepted, and a forged one refused.
 */
async function proveSealedSessionsReachVerification(stack: BenchStack, config: AuthConfig, forged: string): Promise<void> {
  const tokens = await initiateAuthDirect(stack.emulatorURL, stack.clientId, ALICE);
  const genuine = await sealedCookies(
    { idToken: tokens.IdToken, accessToken: tokens.AccessToken, expiresAt: Math.floor(Date.now() / 1000) + 3600, username: "alice" },
    config,
    false,
  );
  const ok = await fetch(`${stack.baseURL}/api/auth/session`, { headers: { cookie: genuine.cookieHeader } });
  await ok.arrayBuffer();
  const refused = await fetch(`${stack.baseURL}/api/auth/session`, { headers: { cookie: forged } });
  await refused.arrayBuffer();
  if (ok.status !== 200 || refused.status !== 401) {
    throw new Error(`sealed sessions: genuine answered ${ok.status} (want 200), forged ${refused.status} (want 401)`);
  }
}

export interface RefreshFlight {
  concurrent: number;
  /** InitiateAuth REFRESH_TOKEN_AUTH calls for the concurrent burst. */
  refreshCalls: number;
  /**
   * The same old cookie again once that refresh has finished (a browser that has not seen the new
   * cookie yet). Single flight shares only a call in progress, so this is a refresh of its own.
   */
  lateRefreshCalls: number;
}

/**
 * On a stack whose app client issues 5-second tokens: every request is inside the refresh margin.
 * A burst with another user's session warms the server first: on a cold server the same burst
 * reaches the gate spread out over more than one Cognito round trip.
 */
export async function refreshSingleFlight(stack: BenchStack, concurrent: number): Promise<RefreshFlight> {
  await burstOf(stack, await signInThroughApp(stack.baseURL, BOB), concurrent);
  const signIn = await signInThroughApp(stack.baseURL, ALICE);
  stack.proxy.reset();
  await burstOf(stack, signIn, concurrent);
  const refreshCalls = stack.proxy.count("InitiateAuth:REFRESH_TOKEN_AUTH");
  stack.proxy.reset();
  await burstOf(stack, signIn, concurrent);
  return { concurrent, refreshCalls, lateRefreshCalls: stack.proxy.count("InitiateAuth:REFRESH_TOKEN_AUTH") };
}

/** `concurrent` requests at once with one session cookie; each must come back refreshed. */
async function burstOf(stack: BenchStack, { cookieHeader }: AppSignIn, concurrent: number): Promise<void> {
  const answers = await Promise.all(
    Array.from({ length: concurrent }, async () => {
      const res = await fetch(`${stack.baseURL}/api/auth/session`, { headers: { cookie: cookieHeader } });
      await res.arrayBuffer();
      return { status: res.status, refreshed: res.headers.getSetCookie().length > 0 };
    }),
  );
  const bad = answers.filter((a) => a.status !== 200 || !a.refreshed).length;
  if (bad) throw new Error(`${bad} of ${concurrent} requests were not answered 200 with a refreshed cookie`);
}
