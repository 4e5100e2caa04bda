import { getConfig, type AuthConfig } from "./config";
import { userFromClaims, type User } from "./claims";
import type { SessionData } from "./session";
import type { TokenSet } from "./tokens";
import { verifyToken, type VerifyToken } from "./verify";

/**
 * Turns fresh Cognito tokens into a session (and its user), and a stored session back into a user.
 * Fresh tokens are verified too: the session only ever holds tokens that passed every check.
 */
export async function sessionFromTokens(
  tokens: TokenSet,
  previous?: Pick<SessionData, "refreshToken">,
  verify: VerifyToken = verifyToken,
  config: AuthConfig = getConfig(),
  nowMs = Date.now(),
): Promise<{ session: SessionData; user: User }> {
  const user = userFromClaims(await verify(tokens.idToken, ["id"]), config.claims);
  const session: SessionData = {
    idToken: tokens.idToken,
    accessToken: tokens.accessToken,
    // Cognito returns a new refresh token only when it rotates them; otherwise keep the old one.
    refreshToken: tokens.refreshToken ?? previous?.refreshToken,
    expiresAt: Math.floor(nowMs / 1000) + tokens.expiresIn,
    username: user.username,
  };
  return { session, user };
}

/** The session's user; throws TokenError when its ID token no longer verifies. */
export async function userFromSession(
  session: SessionData,
  verify: VerifyToken = verifyToken,
  config: AuthConfig = getConfig(),
): Promise<User> {
  return userFromClaims(await verify(session.idToken, ["id"]), config.claims);
}

/** What browser-facing endpoints return: never a token. */
export function publicSession(user: User, session: Pick<SessionData, "expiresAt">) {
  return { user, expiresAt: new Date(session.expiresAt * 1000).toISOString() };
}
