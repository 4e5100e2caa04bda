import type { AuthConfig } from "../lib/auth/config";
import { sealedCookies } from "./session-cookies";
import { realisticCognitoTokens } from "./tokens";

/**
 * 4. The cookie budget. Browsers keep a cookie only up to 4096 bytes (name + value, and Chrome also
 * counts attributes); servers commonly refuse request headers over 8 KB (the whole Cookie header).
 * We count each Set-Cookie header value whole, which is the strictest reading.
 */
export const COOKIE_LIMIT = 4096;
export const HEADER_LIMIT = 8192;

export interface CookieBudget {
  setCookieBytes: number[];
  cookieHeaderBytes: number;
  /** The largest Set-Cookie is under 4096 B and the Cookie header under 8 KB. */
  fits: boolean;
  tokenBytes?: { id: number; access: number; refresh: number };
}

const bytes = (s: string) => Buffer.byteLength(s, "utf8");

export function budgetOf(setCookies: readonly string[], cookieHeader: string, tokenBytes?: CookieBudget["tokenBytes"]): CookieBudget {
  const setCookieBytes = setCookies.map(bytes);
  const cookieHeaderBytes = bytes(cookieHeader);
  return {
    setCookieBytes,
    cookieHeaderBytes,
    fits: Math.max(...setCookieBytes) < COOKIE_LIMIT && cookieHeaderBytes < HEADER_LIMIT,
    ...(tokenBytes ? { tokenBytes } : {}),
  };
}

/** A real pool's token set, sealed and chunked by lib/auth/session.ts, Secure as in production. */
export async function realCognitoBudget(config: AuthConfig): Promise<CookieBudget> {
  const tokens = await realisticCognitoTokens();
  const { setCookies, cookieHeader } = await sealedCookies(
    { ...tokens, expiresAt: Math.floor(Date.now() / 1000) + 3600 },
    config,
    true,
  );
  return budgetOf(setCookies, cookieHeader, {
    id: bytes(tokens.idToken),
    access: bytes(tokens.accessToken),
    refresh: bytes(tokens.refreshToken),
  });
}
