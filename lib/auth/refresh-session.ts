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
 * call. Only the call in progress is shared; a finished result is never handed out again, so a
 * refresh token revoked by sign-out cannot be replayed from memory. A per-process map: losing it
 * costs at most one extra refresh.
 */
const inFlight = new Map<string, Promise<Refreshed>>();

export function refreshSession(session: SessionData, refresh: RefreshFn = defaultRefresh): Promise<Refreshed> {
  const key = session.refreshToken;
  if (!key) return Promise.reject(new Error("no refresh token"));
  const existing = inFlight.get(key);
  if (existing) return existing;
  const promise = refresh(session).finally(() => inFlight.delete(key));
  inFlight.set(key, promise);
  return promise;
}
