import { assertSameOrigin, json, jsonRoute, readJsonBody } from "@/lib/auth/http";
import { signOutSchema } from "@/lib/auth/schemas";
import { signOut } from "@/lib/auth/sign-out";

/**
 * Revokes the refresh token (RevokeToken) and clears every session cookie. Idempotent: signing out
 * twice, or without a session, still answers 200. Non-browser clients may send {refreshToken}.
 */
export const POST = jsonRoute(async (request) => {
  assertSameOrigin(request);
  const body = await readJsonBody(request, signOutSchema, { optional: true });
  const { revoked } = await signOut(body.refreshToken);
  return json({ signedOut: true, revoked });
});
