import { refreshTokens } from "@/lib/auth/cognito";
import { AppError } from "@/lib/auth/errors";
import { assertSameOrigin, json, jsonRoute, readJsonBody } from "@/lib/auth/http";
import { refreshSession } from "@/lib/auth/refresh-session";
import { refreshSchema } from "@/lib/auth/schemas";
import { clearSession, getSession, saveSession } from "@/lib/auth/server-session";
import { publicSession } from "@/lib/auth/session-user";

/**
 * With {refreshToken} (non-browser clients): the seed's {auth:{idToken, accessToken, expiresIn}}.
 * Without a body: refreshes the cookie session and answers {user, expiresAt}.
 */
export const POST = jsonRoute(async (request) => {
  const body = await readJsonBody(request, refreshSchema, { optional: true });
  if (body.refreshToken) {
    const { idToken, accessToken, expiresIn } = await refreshTokens(body.refreshToken, body.username);
    return json({ auth: { idToken, accessToken, expiresIn } });
  }

  assertSameOrigin(request);
  const current = await getSession();
  if (!current?.refreshToken) {
    throw new AppError("Unauthorized", "Not signed in", [{ source: "refreshToken", desc: "No session to refresh" }]);
  }
  try {
    const { session, user } = await refreshSession(current);
    await saveSession(session);
    return json(publicSession(user, session));
  } catch (err) {
    // A refresh token Cognito refuses will never work again: drop the session with it.
    if (err instanceof AppError && err.code === "Unauthorized") await clearSession();
    throw err;
  }
});
