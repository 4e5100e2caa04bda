"use server";

import { redirect } from "next/navigation";
import { sealChallenge, unsealChallenge } from "@/lib/auth/challenge";
import { respondToNewPassword, signIn } from "@/lib/auth/cognito";
import { landingPath } from "@/lib/auth/dal";
import { isAppError } from "@/lib/auth/errors";
import { safeNext } from "@/lib/auth/redirect";
import { credentialsSchema, newPasswordSchema } from "@/lib/auth/schemas";
import { saveSession } from "@/lib/auth/server-session";
import { signOut } from "@/lib/auth/sign-out";
import { sessionFromTokens } from "@/lib/auth/session-user";
import type { TokenSet } from "@/lib/auth/tokens";

/**
 * Server Actions behind the login form and the sign-out buttons. They work without JavaScript
 * (plain form posts) and call the same lib/auth functions as the JSON endpoints.
 */
export type LoginState =
  | { step: "credentials"; username?: string; error?: string; fieldErrors?: { username?: string; password?: string } }
  | { step: "newPassword"; challenge: string; error?: string; fieldErrors?: { newPassword?: string; confirmPassword?: string } };

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/** An AppError's message is written for users; anything else is not shown. */
function userMessage(err: unknown): string {
  return isAppError(err) ? err.message : "Something went wrong. Please try again.";
}

/** Stores the session and says where the user lands. */
async function startSession(tokens: TokenSet, next: string): Promise<string> {
  const { session, user } = await sessionFromTokens(tokens);
  await saveSession(session);
  return landingPath(user, next);
}

/** The login form's one action: the hidden `step` field says which step was submitted. */
export async function loginAction(_previous: LoginState, form: FormData): Promise<LoginState> {
  return text(form, "step") === "newPassword" ? completeNewPassword(form) : signInWithPassword(form);
}

async function signInWithPassword(form: FormData): Promise<LoginState> {
  const next = safeNext(text(form, "next"));
  const username = text(form, "username").trim();
  const parsed = credentialsSchema.safeParse({ username, password: text(form, "password") });
  if (!parsed.success) {
    const fieldErrors: { username?: string; password?: string } = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === "username") fieldErrors.username = `Email ${issue.message}`;
      if (field === "password") fieldErrors.password = `Password ${issue.message}`;
    }
    return { step: "credentials", username, fieldErrors };
  }
  let destination: string;
  try {
    const result = await signIn(parsed.data.username, parsed.data.password);
    if (result.kind === "newPasswordRequired") return { step: "newPassword", challenge: await sealChallenge(result) };
    destination = await startSession(result.tokens, next);
  } catch (err) {
    return { step: "credentials", username, error: userMessage(err) };
  }
  redirect(destination);
}

async function completeNewPassword(form: FormData): Promise<LoginState> {
  const next = safeNext(text(form, "next"));
  const challenge = text(form, "challenge");
  const newPassword = text(form, "newPassword");
  if (newPassword !== text(form, "confirmPassword")) {
    return { step: "newPassword", challenge, fieldErrors: { confirmPassword: "The passwords do not match" } };
  }
  const parsed = newPasswordSchema.safeParse({ session: challenge, newPassword });
  if (!parsed.success) {
    const issue = parsed.error.issues.find((i) => i.path[0] === "newPassword");
    if (!issue) return { step: "credentials", error: "The sign-in step expired, sign in again" };
    return { step: "newPassword", challenge, fieldErrors: { newPassword: `New password ${issue.message}` } };
  }
  let destination: string;
  try {
    destination = await startSession(await respondToNewPassword(await unsealChallenge(challenge), newPassword), next);
  } catch (err) {
    // An expired or invalid challenge cannot be retried: go back to the first step.
    if (isAppError(err) && err.code === "Unauthorized") return { step: "credentials", error: err.message };
    return { step: "newPassword", challenge, error: userMessage(err) };
  }
  redirect(destination);
}

export async function signOutAction(): Promise<void> {
  await signOut();
  redirect("/login");
}
