import "server-only";
import { cookies, headers } from "next/headers";
import {
  clearSessionWrites,
  cookieSecure,
  readSession,
  sealSession,
  sessionCookieWrites,
  type CookieWrite,
  type SessionData,
} from "./session";

/**
 * The session cookie from route handlers and server actions (Node runtime, next/headers).
 * Middleware uses the same session.ts functions on NextRequest/NextResponse instead.
 */
export async function getSession(): Promise<SessionData | null> {
  return readSession((await cookies()).getAll());
}

async function requestSecure(): Promise<boolean> {
  const h = await headers();
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? "http";
  const host = h.get("host") ?? "localhost";
  try {
    return cookieSecure(new URL(`${proto}://${host}`));
  } catch {
    return true;
  }
}

async function apply(writes: CookieWrite[]): Promise<void> {
  const jar = await cookies();
  for (const { name, value, options } of writes) jar.set(name, value, options);
}

export async function saveSession(session: SessionData): Promise<void> {
  const jar = await cookies();
  await apply(sessionCookieWrites(await sealSession(session), jar.getAll(), await requestSecure()));
}

export async function clearSession(): Promise<void> {
  const jar = await cookies();
  await apply(clearSessionWrites(jar.getAll(), await requestSecure()));
}

