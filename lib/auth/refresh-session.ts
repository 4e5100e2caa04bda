import { refreshTokens } from "./cognito";
import type { User } from "./claims";
import type { SessionData } from "./session";
import { sessionFromTokens } from "./session-user";

/** Refresh when the tokens have expired or will within this many seconds. */
export const REFRESH_MARGIN_SECONDS = 60;

export function needsRefresh(session: Pick<SessionData, "expiresAt">, nowMs = Date.now()): boolean {
  return session.expiresAt - REFRESH_MARGIN_SECONDS <= Math.floor(nowMs / 1000);
}

export interface Refreshed {
  session: SessionData;
  user: User;
}

type RefreshFn = (session: SessionData) => Promise<Refreshed>;

const defaultRefresh: RefreshFn = async (session) => {
  const tokens = await refreshTokens(session.refreshToken!, session.username);
  return sessionFromTokens(tokens, session);
};

/**
 * Single flight per session: concurrent requests carrying the same refresh token share one Cognito
 * call, and requests that arrive shortly after with the old cookie (sent before the browser saw the
 * new one) reuse its result. A per-process cache only; losing it costs one extra refresh.
 */
const inFlight = new Map<string, { promise: Promise<Refreshed>; settledAt?: number }>();
const REUSE_MS = 10_000;

export function refreshSession(session: SessionData, refresh: RefreshFn = defaultRefresh, nowMs = Date.now()): Promise<Refreshed> {
  if (!session.refreshToken) return Promise.reject(new Error("no refresh token"));
  const key = session.refreshToken;
  for (const [k, v] of inFlight) if (v.settledAt !== undefined && nowMs - v.settledAt > REUSE_MS) inFlight.delete(k);

  const existing = inFlight.get(key);
  if (existing) return existing.promise;
  const entry: { promise: Promise<Refreshed>; settledAt?: number } = {
    promise: refresh(session).then(
      (result) => {
        entry.settledAt = Date.now();
        return result;
      },
      (err: unknown) => {
        // Failures are not reused: the next request may try again (e.g. after an outage).
        inFlight.delete(key);
        throw err;
      },
    ),
  };
  inFlight.set(key, entry);
  return entry.promise;
}
