import "server-only";
import { cache } from "react";
import { notFound, redirect } from "next/navigation";
import { authorize, type Decision } from "./authorize";
import type { User } from "./claims";
import { findPolicy } from "./policy";
import type { SessionData } from "./session";
import { getSession } from "./server-session";
import { userFromSession } from "./session-user";

/**
 * The data-access layer: the real gate for pages and server actions. It reads and verifies the
 * session itself, so a request that slipped past middleware still shows nothing.
 */
export interface CurrentUser {
  user: User;
  session: SessionData;
}

/** The verified session of this request, or null. Cached per request (React cache). */
export const currentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getSession();
  if (!session) return null;
  try {
    return { user: await userFromSession(session), session };
  } catch {
    return null;
  }
});

/** Access to `pathname` for the current user, per the policy table. */
export async function checkAccess(pathname: string): Promise<{ current: CurrentUser | null; decision: Decision | null }> {
  const match = findPolicy(pathname);
  const current = await currentUser();
  if (!match || match.entry.access.public) return { current, decision: match ? { ok: true } : null };
  if (!current) return { current, decision: null };
  return { current, decision: authorize(current.user, match.entry.access.policy, match.params) };
}

/**
 * Where a user who just signed in goes: `next` when they may open it, else the forbidden page for it.
 * Redirecting straight to a page they may not open would leave its URL over the forbidden page.
 */
export function landingPath(user: User, next: string): string {
  const match = findPolicy(new URL(next, "http://same-origin.invalid").pathname);
  if (!match) return "/dashboard";
  if (match.entry.access.public || authorize(user, match.entry.access.policy, match.params).ok) return next;
  return `/forbidden?from=${encodeURIComponent(next)}`;
}

/**
 * For protected pages and server actions: returns the user allowed to see `pathname`, or ends the
 * render (anonymous → /login?next=…, not allowed → /forbidden, no policy → 404).
 */
export async function requireUser(pathname: string): Promise<CurrentUser> {
  const match = findPolicy(pathname);
  if (!match) notFound();
  const current = await currentUser();
  if (!current) redirect(`/login?next=${encodeURIComponent(pathname)}`);
  if (!match.entry.access.public) {
    const decision = authorize(current.user, match.entry.access.policy, match.params);
    if (!decision.ok) redirect(`/forbidden?from=${encodeURIComponent(pathname)}`);
  }
  return current;
}
