import { sealData, unsealData } from "iron-session";
import { z } from "zod";
import { getConfig, type AuthConfig } from "./config";
import { ExpiringCache } from "./lru";

/**
 * The session cookie: iron-session seals the tokens (encrypted + MAC'd with SESSION_SECRET), then the
 * seal is split across numbered cookies because Cognito's three tokens exceed one 4096-byte cookie.
 * Edge-safe: middleware and route handlers share it.
 */
export const SESSION_COOKIE = "session";

export interface SessionData {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  /** Epoch seconds when the ID/access tokens expire. */
  expiresAt: number;
  /** cognito:username, which SECRET_HASH needs on refresh. */
  username: string;
}

const sessionSchema = z.object({
  idToken: z.string().min(1),
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  expiresAt: z.number().int().positive(),
  username: z.string().min(1),
});

/** Cookie values this long keep every Set-Cookie (name + attributes) well under 4096 bytes. */
export const CHUNK_SIZE = 3800;
/** More chunks than this is not a session we wrote: refuse to read it. */
export const MAX_CHUNKS = 8;

export interface CookieLike {
  name: string;
  value: string;
}

export interface CookieOptions {
  httpOnly: boolean;
  sameSite: "lax";
  path: string;
  secure: boolean;
  maxAge: number;
}

export interface CookieWrite extends CookieLike {
  options: CookieOptions;
}

export async function sealSession(data: SessionData, config: AuthConfig = getConfig()): Promise<string> {
  return sealData(data, { password: config.sessionSecrets, ttl: config.sessionMaxAgeSeconds });
}

/**
 * Opened seals, per config (so per set of secrets). Unsealing costs key derivation + AES + HMAC on
 * every request, yet a browser sends the same seal until its session changes: remember the result
 * briefly. Only seals that opened are kept, so a tampered or stale one is checked in full each time.
 */
const opened = new WeakMap<AuthConfig, ExpiringCache<SessionData>>();
const OPENED_MAX_AGE_MS = 5 * 60_000;

/** The expiry iron writes into a seal (ms), authenticated by its HMAC once the seal has opened. */
function sealExpiry(seal: string): number {
  const expiration = Number(seal.split("*")[5]);
  return Number.isFinite(expiration) && expiration > 0 ? expiration : 0;
}

/** Any seal we cannot open (tampered, truncated, old secret, expired, wrong shape) is "signed out". */
export async function unsealSession(seal: string, config: AuthConfig = getConfig()): Promise<SessionData | null> {
  let cache = opened.get(config);
  if (!cache) opened.set(config, (cache = new ExpiringCache<SessionData>(1000)));
  const known = cache.get(seal);
  if (known) return known;
  try {
    const data = await unsealData<unknown>(seal, { password: config.sessionSecrets, ttl: config.sessionMaxAgeSeconds });
    const parsed = sessionSchema.safeParse(data);
    if (!parsed.success) return null;
    cache.set(seal, parsed.data, Math.min(Date.now() + OPENED_MAX_AGE_MS, sealExpiry(seal)));
    return parsed.data;
  } catch {
    return null;
  }
}

const chunkName = (index: number) => `${SESSION_COOKIE}.${index}`;
const CHUNK_NAME = new RegExp(`^${SESSION_COOKIE}\\.(\\d+)$`);

export function isSessionCookie(name: string): boolean {
  return CHUNK_NAME.test(name);
}

/** The seal reassembled from session.0, session.1, … (stopping at the first gap), or null. */
export function joinChunks(cookies: readonly CookieLike[]): string | null {
  const byIndex = new Map<number, string>();
  for (const { name, value } of cookies) {
    const match = CHUNK_NAME.exec(name);
    if (match) byIndex.set(Number(match[1]), value);
  }
  let seal = "";
  for (let i = 0; i < MAX_CHUNKS && byIndex.has(i); i++) seal += byIndex.get(i);
  if (byIndex.has(MAX_CHUNKS)) return null;
  return seal || null;
}

export function splitIntoChunks(seal: string): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < seal.length; i += CHUNK_SIZE) chunks.push(seal.slice(i, i + CHUNK_SIZE));
  if (chunks.length > MAX_CHUNKS) throw new Error("session too large for its cookies");
  return chunks;
}

/**
 * Plain http is only allowed for loopback development; everywhere else (including http behind a
 * TLS-terminating proxy) the cookie is Secure.
 */
export function cookieSecure(url: URL): boolean {
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  return !(url.protocol === "http:" && loopback);
}

function options(secure: boolean, maxAge: number): CookieOptions {
  // HttpOnly: page JavaScript never sees tokens. SameSite=Lax: not sent on cross-site POSTs (CSRF),
  // still sent on top-level navigations so links into the app keep the user signed in.
  return { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge };
}

/** Cookie writes that store `seal`, deleting chunks a previous, longer session left behind. */
export function sessionCookieWrites(
  seal: string,
  existing: readonly CookieLike[],
  secure: boolean,
  config: AuthConfig = getConfig(),
): CookieWrite[] {
  const chunks = splitIntoChunks(seal);
  const writes: CookieWrite[] = chunks.map((value, i) => ({
    name: chunkName(i),
    value,
    options: options(secure, config.sessionMaxAgeSeconds),
  }));
  return [...writes, ...clearSessionWrites(existing, secure, chunks.length)];
}

/** Cookie writes that delete every session chunk present (from index `from` on). */
export function clearSessionWrites(existing: readonly CookieLike[], secure: boolean, from = 0): CookieWrite[] {
  return existing
    .filter(({ name }) => {
      const match = CHUNK_NAME.exec(name);
      return match !== null && Number(match[1]) >= from;
    })
    .map(({ name }) => ({ name, value: "", options: options(secure, 0) }));
}

export async function readSession(cookies: readonly CookieLike[], config: AuthConfig = getConfig()): Promise<SessionData | null> {
  const seal = joinChunks(cookies);
  return seal ? unsealSession(seal, config) : null;
}
