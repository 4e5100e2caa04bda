import { unsealChallenge } from "@/lib/auth/challenge";
import { respondToNewPassword } from "@/lib/auth/cognito";
import { assertSameOrigin, json, jsonRoute, readJsonBody } from "@/lib/auth/http";
import { newPasswordSchema } from "@/lib/auth/schemas";
import { saveSession } from "@/lib/auth/server-session";
import { publicSession, sessionFromTokens } from "@/lib/auth/session-user";

/** Completes NEW_PASSWORD_REQUIRED with the sealed challenge from sign-in; signs the user in. */
export const POST = jsonRoute(async (request) => {
  assertSameOrigin(request);
  const body = await readJsonBody(request, newPasswordSchema);
  const challenge = await unsealChallenge(body.session);
  const tokens = await respondToNewPassword(challenge, body.newPassword);
  const { session, user } = await sessionFromTokens(tokens);
  await saveSession(session);
  return json(publicSession(user, session));
});
