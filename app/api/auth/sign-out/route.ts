import { revokeRefreshToken } from "@/lib/auth/cognito";
import { assertSameOrigin, json, jsonRoute, readJsonBody } from "@/lib/auth/http";
import { signOutSchema } from "@/lib/auth/schemas";
import { clearSession, getSession } from "@/lib/auth/server-session";

/**
 * Revokes the refresh token (RevokeToken) and clears every session cookie. Idempotent: signing out
 * twice, or without a session, still answers 200. Non-browser clients may send {refreshToken}.
 */
export const POST = jsonRoute(async (request) => {
  assertSameOrigin(request);
  const body = await readJsonBody(request, signOutSchema, { optional: true });
  const session = await getSession();
  const refreshToken = body.refreshToken ?? session?.refreshToken;
  // Cookies go first: whatever Cognito says, this browser is signed out.
  await clearSession();
  let revoked = false;
  if (refreshToken) {
    try {
      await revokeRefreshToken(refreshToken);
      revoked = true;
    } catch {
      // Already logged by name in cognitoError; the cookie is gone, so the user is signed out here.
    }
  }
  return json({ signedOut: true, revoked });
});
