import { sealChallenge } from "@/lib/auth/challenge";
import { signIn } from "@/lib/auth/cognito";
import { assertSameOrigin, json, jsonRoute, readJsonBody } from "@/lib/auth/http";
import { credentialsSchema } from "@/lib/auth/schemas";
import { saveSession } from "@/lib/auth/server-session";
import { publicSession, sessionFromTokens } from "@/lib/auth/session-user";

/** Browser sign-in: tokens go into the encrypted session cookie, never into the response body. */
export const POST = jsonRoute(async (request) => {
  assertSameOrigin(request);
  const { username, password } = await readJsonBody(request, credentialsSchema);
  const result = await signIn(username, password);
  if (result.kind === "newPasswordRequired") {
    return json({ challenge: "NEW_PASSWORD_REQUIRED", session: await sealChallenge(result) });
  }
  const { session, user } = await sessionFromTokens(result.tokens);
  await saveSession(session);
  return json(publicSession(user, session));
});
