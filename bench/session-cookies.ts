import { NextResponse } from "next/server";
import { loadConfig, type AuthConfig } from "../lib/auth/config";
import { sealSession, sessionCookieWrites, type CookieWrite, type SessionData } from "../lib/auth/session";

/**
 * Session cookies made the way the app makes them (lib/auth/session.ts seals and chunks, Next's
 * cookie API serialises), for sessions the benchmark writes itself.
 */
export interface ConfigInput {
  region: string;
  userPoolId: string;
  clientId: string;
  sessionSecret: string;
  /** Local mode: the emulator's address, as the launcher sets it. */
  endpoint?: string;
}

export function authConfig({ region, userPoolId, clientId, sessionSecret, endpoint }: ConfigInput): AuthConfig {
  return loadConfig({
    COGNITO_REGION: region,
    COGNITO_USER_POOL_ID: userPoolId,
    COGNITO_CLIENT_ID: clientId,
    SESSION_SECRET: sessionSecret,
    ...(endpoint ? { COGNITO_LOCAL: "1", COGNITO_ENDPOINT: endpoint } : {}),
  });
}

export interface SealedCookies {
  writes: CookieWrite[];
  /** Each Set-Cookie header value exactly as Next sends it. */
  setCookies: string[];
  /** The Cookie request header a browser sends back. */
  cookieHeader: string;
}

export async function sealedCookies(session: SessionData, config: AuthConfig, secure: boolean): Promise<SealedCookies> {
  const writes = sessionCookieWrites(await sealSession(session, config), [], secure, config);
  const response = NextResponse.next();
  for (const { name, value, options } of writes) response.cookies.set(name, value, options);
  return {
    writes,
    setCookies: response.headers.getSetCookie(),
    cookieHeader: writes.map(({ name, value }) => `${name}=${value}`).join("; "),
  };
}
