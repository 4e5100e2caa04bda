import { decodeJwt } from "jose";
import type { AuthenticationResultType } from "@aws-sdk/client-cognito-identity-provider";
import { AppError } from "./errors";

export interface TokenSet {
  idToken: string;
  accessToken: string;
  /** Absent on refresh unless the pool rotates refresh tokens. */
  refreshToken?: string;
  /** Seconds until the ID/access tokens expire. */
  expiresIn: number;
}

/**
 * Cognito's AuthenticationResult as a TokenSet. ExpiresIn comes from Cognito when given
 * (the emulator omits it), otherwise from the earlier `exp` of the two tokens.
 */
export function tokenSetFrom(result: AuthenticationResultType | undefined, nowMs = Date.now()): TokenSet {
  if (!result?.IdToken || !result.AccessToken) {
    throw new AppError("ServiceUnavailable", "Authentication service unavailable", [
      { source: "cognito", desc: "The user pool returned no tokens" },
    ]);
  }
  const expiresIn = result.ExpiresIn ?? secondsUntilExpiry([result.IdToken, result.AccessToken], nowMs);
  return {
    idToken: result.IdToken,
    accessToken: result.AccessToken,
    refreshToken: result.RefreshToken,
    expiresIn,
  };
}

function secondsUntilExpiry(tokens: string[], nowMs: number): number {
  const exps = tokens.map((t) => decodeJwt(t).exp).filter((e): e is number => typeof e === "number");
  if (exps.length === 0) return 0;
  return Math.max(0, Math.min(...exps) - Math.floor(nowMs / 1000));
}
