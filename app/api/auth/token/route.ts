import { signIn } from "@/lib/auth/cognito";
import { AppError } from "@/lib/auth/errors";
import { json, jsonRoute, readJsonBody } from "@/lib/auth/http";
import { credentialsSchema } from "@/lib/auth/schemas";

/** Sign-in for non-browser clients: the seed's {auth:{…}} body, no cookie. */
export const POST = jsonRoute(async (request) => {
  const { username, password } = await readJsonBody(request, credentialsSchema);
  const result = await signIn(username, password);
  if (result.kind === "newPasswordRequired") {
    throw new AppError("Forbidden", "This account must set a new password first: sign in through the browser", [
      { source: "signIn", desc: "NEW_PASSWORD_REQUIRED" },
    ]);
  }
  const { idToken, accessToken, refreshToken, expiresIn } = result.tokens;
  return json({ auth: { idToken, accessToken, refreshToken, expiresIn } });
});
