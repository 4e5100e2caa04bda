import { z } from "zod";

/** "is required" when absent, "must be a string" when present with another type. */
const str = () => z.string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") });

/** Request bodies of the auth endpoints. Bounds keep absurd inputs from reaching Cognito. */
const username = str().trim().min(1, "is required").max(128, "is too long");
const password = str().min(1, "is required").max(256, "is too long");

export const credentialsSchema = z.object({ username, password }).strict();

export const newPasswordSchema = z
  .object({
    session: str().min(1, "is required").max(8192, "is too long"),
    newPassword: str().min(8, "must be at least 8 characters").max(256, "is too long"),
  })
  .strict();

export const refreshSchema = z
  .object({
    refreshToken: str().min(1, "is required").max(8192, "is too long").optional(),
    username: username.optional(),
  })
  .strict();

export const signOutSchema = z
  .object({ refreshToken: str().min(1).max(8192, "is too long").optional() })
  .strict();
