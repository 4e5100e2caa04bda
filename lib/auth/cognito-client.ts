import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { getConfig, type AuthConfig } from "./config";
import { AppError } from "./errors";
import { secretHash } from "./secret-hash";

/** One SDK client per process: it keeps the connection pool warm. */
let shared: CognitoIdentityProviderClient | undefined;

export function cognitoClient(config: AuthConfig = getConfig()): CognitoIdentityProviderClient {
  shared ??= new CognitoIdentityProviderClient({
    region: config.region,
    endpoint: config.endpoint,
    // Sign-in is interactive: fail fast rather than let the SDK's default retries stack up.
    maxAttempts: 2,
    // InitiateAuth and friends are unsigned; local mode gets dummy credentials so the SDK never
    // walks the default provider chain (instance metadata lookups hang off AWS).
    ...(config.localMode ? { credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
  });
  return shared;
}

/** For tests that swap the client (aws-sdk-client-mock) or the config. */
export function resetCognitoClient(): void {
  shared = undefined;
}

/** SECRET_HASH for `username` when the app client has a secret, else nothing. */
export async function secretHashParams(config: AuthConfig, username: string): Promise<{ SECRET_HASH?: string }> {
  if (!config.clientSecret) return {};
  return { SECRET_HASH: await secretHash(config.clientSecret, username, config.clientId) };
}

export type CognitoOperation = "signIn" | "newPassword" | "refreshToken" | "signOut";

const INVALID_CREDENTIALS = "Incorrect username or password";

/**
 * Maps a Cognito (or network) failure to the AppError a client may see. Wrong user, wrong password
 * and unknown user share one message so sign-in never reveals whether an account exists.
 * Only the error's name is ever logged: Cognito messages can echo usernames.
 */
export function cognitoError(err: unknown, operation: CognitoOperation): AppError {
  if (err instanceof AppError) return err;
  const name = err instanceof Error ? err.name : "";
  const status = (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  const detail = (desc: string) => [{ source: operation, desc }];

  switch (name) {
    case "NotAuthorizedException":
    case "UserNotFoundException":
      if (operation === "refreshToken") return new AppError("Unauthorized", "Session expired, sign in again", detail("Refresh token is invalid, expired or revoked"));
      if (operation === "newPassword") return new AppError("Unauthorized", "The sign-in step expired, sign in again", detail("Challenge session is invalid or expired"));
      return new AppError("Unauthorized", INVALID_CREDENTIALS, detail("Authentication failed"));
    case "InvalidPasswordException":
      // On sign-in the emulator uses it for a wrong password; on a new password it is the policy.
      if (operation === "newPassword") {
        return new AppError("BadRequest", "The new password does not meet the password policy", [
          { source: "newPassword", desc: policyText(err) },
        ]);
      }
      return new AppError("Unauthorized", INVALID_CREDENTIALS, detail("Authentication failed"));
    case "UserNotConfirmedException":
      return new AppError("Forbidden", "This account is not confirmed yet", detail("User is not confirmed"));
    case "PasswordResetRequiredException":
      return new AppError("Forbidden", "A password reset is required for this account", detail("Password reset required"));
    case "TooManyRequestsException":
    case "LimitExceededException":
    case "TooManyFailedAttemptsException":
      return new AppError("TooManyRequests", "Too many attempts, try again later", detail("Rate limited by the user pool"), {
        "Retry-After": "30",
      });
    case "InvalidParameterException":
      return new AppError("BadRequest", "The request was rejected by the user pool", detail("Invalid parameter"));
    case "UnsupportedTokenTypeException":
      return new AppError("BadRequest", "This token cannot be revoked", detail("Unsupported token type"));
  }
  if (status === undefined || status >= 500 || name === "InternalErrorException" || name === "TimeoutError") {
    console.error(`[auth] ${operation}: user pool unreachable or failing (${name || "network error"})`);
    return new AppError("ServiceUnavailable", "Authentication service unavailable", detail("The user pool did not answer"), {
      "Retry-After": "5",
    });
  }
  // Anything else (ResourceNotFound, a disabled auth flow…) is our misconfiguration, not the user's.
  console.error(`[auth] ${operation}: unexpected user pool error ${name}`);
  return new AppError("InternalServerError", "Authentication is misconfigured", detail("Unexpected user pool error"));
}

function policyText(err: unknown): string {
  // Cognito's policy messages name the rule, never the password itself.
  const message = err instanceof Error ? err.message : "";
  return /^Password does not conform to policy/.test(message) ? message : "Password does not conform to policy";
}
