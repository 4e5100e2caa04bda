import {
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { getConfig, type AuthConfig } from "./config";
import { AppError } from "./errors";
import { cognitoClient, cognitoError, secretHashParams } from "./cognito-client";
import { tokenSetFrom, type TokenSet } from "./tokens";

/** The seed's sign_in / refresh_tokens, plus the new-password challenge and sign-out. */
export type SignInResult =
  | { kind: "signedIn"; tokens: TokenSet }
  | { kind: "newPasswordRequired"; cognitoSession: string; username: string };

export async function signIn(username: string, password: string, config: AuthConfig = getConfig()): Promise<SignInResult> {
  try {
    const out = await cognitoClient(config).send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: config.clientId,
        AuthParameters: { USERNAME: username, PASSWORD: password, ...(await secretHashParams(config, username)) },
      }),
    );
    if (out.ChallengeName === "NEW_PASSWORD_REQUIRED" && out.Session) {
      // Pools that sign in by email alias answer to the internal username in the challenge step.
      const internal = out.ChallengeParameters?.USER_ID_FOR_SRP ?? username;
      return { kind: "newPasswordRequired", cognitoSession: out.Session, username: internal };
    }
    if (out.ChallengeName) throw unsupportedChallenge(out.ChallengeName, "signIn");
    return { kind: "signedIn", tokens: tokenSetFrom(out.AuthenticationResult) };
  } catch (err) {
    throw cognitoError(err, "signIn");
  }
}

export async function respondToNewPassword(
  challenge: { cognitoSession: string; username: string },
  newPassword: string,
  config: AuthConfig = getConfig(),
): Promise<TokenSet> {
  try {
    const out = await cognitoClient(config).send(
      new RespondToAuthChallengeCommand({
        ChallengeName: "NEW_PASSWORD_REQUIRED",
        ClientId: config.clientId,
        Session: challenge.cognitoSession,
        ChallengeResponses: {
          USERNAME: challenge.username,
          NEW_PASSWORD: newPassword,
          ...(await secretHashParams(config, challenge.username)),
        },
      }),
    );
    if (out.ChallengeName) throw unsupportedChallenge(out.ChallengeName, "newPassword");
    return tokenSetFrom(out.AuthenticationResult);
  } catch (err) {
    throw cognitoError(err, "newPassword");
  }
}

/**
 * REFRESH_TOKEN_AUTH. `username` is the user's cognito:username (or sub): with a client secret,
 * SECRET_HASH is computed over it. Cognito may rotate the refresh token; otherwise keep the old one.
 */
export async function refreshTokens(
  refreshToken: string,
  username: string | undefined,
  config: AuthConfig = getConfig(),
): Promise<TokenSet> {
  if (config.clientSecret && !username) {
    throw new AppError("BadRequest", "username is required to refresh with this app client", [
      { source: "refreshToken", desc: "SECRET_HASH needs the username" },
    ]);
  }
  try {
    const out = await cognitoClient(config).send(
      new InitiateAuthCommand({
        AuthFlow: "REFRESH_TOKEN_AUTH",
        ClientId: config.clientId,
        AuthParameters: { REFRESH_TOKEN: refreshToken, ...(username ? await secretHashParams(config, username) : {}) },
      }),
    );
    return tokenSetFrom(out.AuthenticationResult);
  } catch (err) {
    throw cognitoError(err, "refreshToken");
  }
}

/** RevokeToken on the refresh token: it and the tokens minted from it stop refreshing. */
export async function revokeRefreshToken(refreshToken: string, config: AuthConfig = getConfig()): Promise<void> {
  try {
    await cognitoClient(config).send(
      new RevokeTokenCommand({ Token: refreshToken, ClientId: config.clientId, ClientSecret: config.clientSecret }),
    );
  } catch (err) {
    throw cognitoError(err, "signOut");
  }
}

function unsupportedChallenge(name: string, source: string): AppError {
  return new AppError("Forbidden", "This account needs a sign-in step this app does not support", [
    { source, desc: `Unsupported challenge: ${name}` },
  ]);
}
