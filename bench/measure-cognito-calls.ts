import autocannon from "autocannon";
import { createVerifier, TokenError } from "../lib/auth/verify";
import { JWKS, type CountingProxy } from "./counting-proxy";
import { load } from "./http-load";
import type { AuthConfig } from "../lib/auth/config";
import { sealedCookies } from "./session-cookies";
import { signInThroughApp, initiateAuthDirect, ALICE, type AppSignIn } from "./sign-in";
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
}

/** Run on a stack that has served nothing but health checks: every key cache is still cold. */
export async function jwksDuringAuthenticatedRequests(stack: BenchStack, requests: number): Promise<JwksDuringRequests> {
  stack.proxy.reset();
  const signIn = await signInThroughApp(stack.baseURL, ALICE);
  const duringSignIn = stack.proxy.count(JWKS);
  stack.proxy.reset();
  await load(
    stack.baseURL,
    { label: "GET /api/auth/session", path: "/api/auth/session", headers: { cookie: signIn.cookieHeader } },
    { connections: 10, amount: requests },
  );
  return { duringSignIn, duringRequests: stack.proxy.count(JWKS), requests, signIn };
}

export interface KidFlood {
  tokens: number;
  /** JWKS fetches the flood caused. */
  fetches: number;
  seconds: number;
  /** How long before the flood the key set had last been fetched (the cooldown is 30 s). */
  secondsSinceLastFetch: number | null;
}

export interface KidFloodResult {
  /**
   * Through the app: no route on this branch verifies a bearer token (middleware leaves bearer
   * calls to API pipelines, and /api/customers does not exist yet), so each forged token travels
   * in a session cookie sealed with the app's SESSION_SECRET, which the bench chose. The
   * middleware then verifies it like any session: that is the path every page request takes.
   */
  app: KidFlood;
  /** In-process: createVerifier pointed at the proxy's JWKS URL, from a cold key cache. */
  inProcess: KidFlood;
}

export async function unknownKidFlood(
  stack: BenchStack,
  config: AuthConfig,
  tokens: readonly string[],
): Promise<KidFloodResult> {
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

  const appFlood = await measureFlood(stack.proxy, async () => {
    let next = 0;
    const result = await autocannon({
      url: `${stack.baseURL}/api/health`,
      connections: 10,
      amount: cookies.length,
      requests: [{ method: "GET", path: "/api/health", setupRequest: (request) => ({ ...request, headers: { cookie: cookies[next++ % cookies.length]! } }) }],
    });
    if (result.errors || result.non2xx) throw new Error(`kid flood through the app: ${result.errors} errors, ${result.non2xx} non-2xx`);
  });
  // Afterwards: the forged probe would itself start the 30 s cooldown the flood is meant to meet.
  await proveSealedSessionsReachVerification(stack, config, cookies[0]!);

  const verify = createVerifier({ issuer: stack.issuer, clientId: stack.clientId, jwks: `${stack.issuer}/.well-known/jwks.json` });
  const inProcess = await measureFlood(stack.proxy, async () => {
    for (const token of tokens) {
      try {
        await verify(token, ["id"]);
        throw new Error("a token with an unknown kid verified");
      } catch (err) {
        if (!(err instanceof TokenError) || err.reason !== "kidUnknown") throw err;
      }
    }
  }, null);
  return { app: { ...appFlood, tokens: tokens.length }, inProcess: { ...inProcess, tokens: tokens.length } };
}

async function measureFlood(
  proxy: CountingProxy,
  flood: () => Promise<void>,
  since: number | null | undefined = proxy.lastSeen(JWKS),
): Promise<Omit<KidFlood, "tokens">> {
  const started = Date.now();
  proxy.reset();
  await flood();
  return {
    fetches: proxy.count(JWKS),
    seconds: (Date.now() - started) / 1000,
    secondsSinceLastFetch: since == null ? null : (started - since) / 1000,
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
  /** The same old cookie again, a moment later (a browser that has not seen the new one yet). */
  lateRefreshCalls: number;
}

/** On a stack whose app client issues 5-second tokens: every request is inside the refresh margin. */
export async function refreshSingleFlight(stack: BenchStack, concurrent: number): Promise<RefreshFlight> {
  const { cookieHeader } = await signInThroughApp(stack.baseURL, ALICE);
  const burst = async () => {
    const answers = await Promise.all(
      Array.from({ length: concurrent }, async () => {
        const res = await fetch(`${stack.baseURL}/api/auth/session`, { headers: { cookie: cookieHeader } });
        await res.arrayBuffer();
        return { status: res.status, refreshed: res.headers.getSetCookie().length > 0 };
      }),
    );
    const bad = answers.filter((a) => a.status !== 200 || !a.refreshed).length;
    if (bad) throw new Error(`${bad} of ${concurrent} requests were not answered 200 with a refreshed cookie`);
  };
  stack.proxy.reset();
  await burst();
  const refreshCalls = stack.proxy.count("InitiateAuth:REFRESH_TOKEN_AUTH");
  stack.proxy.reset();
  await burst();
  return { concurrent, refreshCalls, lateRefreshCalls: stack.proxy.count("InitiateAuth:REFRESH_TOKEN_AUTH") };
}
