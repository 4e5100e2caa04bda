import { sealData, unsealData } from "iron-session";
import { z } from "zod";
import { getConfig, type AuthConfig } from "./config";
import { AppError } from "./errors";

/**
 * The NEW_PASSWORD_REQUIRED step's state (Cognito's session + the username it answers to), sealed so
 * the client holds it without being able to read or alter it. Cognito's own session lasts 3 minutes.
 */
const CHALLENGE_TTL_SECONDS = 5 * 60;
const challengeSchema = z.object({ cognitoSession: z.string().min(1), username: z.string().min(1), kind: z.literal("newPassword") });

export interface PendingChallenge {
  cognitoSession: string;
  username: string;
}

export async function sealChallenge(challenge: PendingChallenge, config: AuthConfig = getConfig()): Promise<string> {
  return sealData({ ...challenge, kind: "newPassword" }, { password: config.sessionSecrets, ttl: CHALLENGE_TTL_SECONDS });
}

export async function unsealChallenge(sealed: string, config: AuthConfig = getConfig()): Promise<PendingChallenge> {
  let data: unknown;
  try {
    data = await unsealData(sealed, { password: config.sessionSecrets, ttl: CHALLENGE_TTL_SECONDS });
  } catch {
    data = null;
  }
  const parsed = challengeSchema.safeParse(data);
  if (!parsed.success) {
    throw new AppError("Unauthorized", "The sign-in step expired, sign in again", [
      { source: "newPassword", desc: "Challenge session is invalid or expired" },
    ]);
  }
  return { cognitoSession: parsed.data.cognitoSession, username: parsed.data.username };
}
