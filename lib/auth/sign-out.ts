import "server-only";
import { revokeRefreshToken } from "./cognito";
import { clearSession, getSession } from "./server-session";

/**
 * Signs the caller out: clears every session cookie, then revokes the cookie's refresh token and any
 * other one the client sent (RevokeToken). Shared by the JSON endpoint and the sign-out Server Action.
 * Returns whether every token was revoked; the cookie is cleared whatever Cognito answers.
 */
export async function signOut(extraRefreshToken?: string): Promise<{ revoked: boolean }> {
  const session = await getSession();
  const tokens = [...new Set([extraRefreshToken, session?.refreshToken].filter((t): t is string => !!t))];
  await clearSession();
  let revoked = tokens.length > 0;
  for (const token of tokens) {
    try {
      await revokeRefreshToken(token);
    } catch {
      // Logged by name in cognitoError; this browser is signed out all the same.
      revoked = false;
    }
  }
  return { revoked };
}
