import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import type { JWTHeaderParameters, JWTPayload, FlattenedJWSInput, JWTVerifyGetKey } from "jose";
import { getConfig } from "./config";
import { AppError } from "./errors";
import { ExpiringCache } from "./lru";

/**
 * Cognito JWT verification with jose. Edge-safe (WebCrypto + fetch only).
 * Each claim check is its own step with its own named failure, in the order that avoids work:
 * shape and header first, then the claims we can check without a key (so a foreign token never
 * triggers a JWKS fetch), then the signature and time claims.
 */
export type TokenUse = "id" | "access";

export type TokenFailure =
  | "missing"
  | "malformed"
  | "algorithm"
  | "kidMissing"
  | "kidUnknown"
  | "signature"
  | "expired"
  | "notYetValid"
  | "issuer"
  | "tokenUse"
  | "audience"
  | "clientId"
  | "jwksUnavailable";

const DESCRIPTIONS: Record<TokenFailure, string> = {
  missing: "No token was provided",
  malformed: "Token is not a well-formed JWT",
  algorithm: "Token algorithm is not RS256",
  kidMissing: "Kid of token not found",
  kidUnknown: "Public key not found for the token's kid",
  signature: "Token signature is invalid",
  expired: "Token is expired",
  notYetValid: "Token is not valid yet",
  issuer: "Token was not issued by this user pool",
  tokenUse: "Token use is not allowed here",
  audience: "Token was not issued for this audience",
  clientId: "Token was not issued for this app client",
  jwksUnavailable: "The user pool's signing keys could not be fetched",
};

export class TokenError extends AppError {
  constructor(readonly reason: TokenFailure) {
    const unavailable = reason === "jwksUnavailable";
    super(
      unavailable ? "ServiceUnavailable" : "Unauthorized",
      unavailable ? "Authentication service unavailable" : "Token is invalid",
      [{ source: "verifyToken", desc: DESCRIPTIONS[reason] }],
      unavailable ? { "Retry-After": "5" } : { "WWW-Authenticate": 'Bearer error="invalid_token"' },
    );
    this.name = "TokenError";
  }
}

export interface VerifierOptions {
  issuer: string;
  clientId: string;
  /** Where the keys come from: the pool's JWKS URL, or a key getter (tests). */
  jwks: string | JWTVerifyGetKey;
  /** Allowed clock skew for exp/nbf/iat, at most 60 s. */
  clockToleranceSeconds?: number;
  /**
   * How many verified tokens to remember (0 = none). A browser sends the same ID token on every
   * request until it is refreshed, so the signature is checked once, not per request.
   */
  cacheSize?: number;
}

export interface VerifiedToken {
  use: TokenUse;
  claims: JWTPayload & Record<string, unknown>;
}

export type VerifyToken = (token: string, allowed: readonly TokenUse[], now?: Date) => Promise<VerifiedToken>;

// Module-level so every verifier for one pool shares one key cache: the JWKS is fetched once per
// process, refetched on an unknown kid at most once per cooldown, and refreshed hourly.
const remoteKeySets = new Map<string, JWTVerifyGetKey>();
const JWKS_COOLDOWN_MS = 30_000;
const JWKS_MAX_AGE_MS = 60 * 60_000;

function remoteKeySet(url: string): JWTVerifyGetKey {
  let set = remoteKeySets.get(url);
  if (!set) {
    set = createRemoteJWKSet(new URL(url), {
      cooldownDuration: JWKS_COOLDOWN_MS,
      cacheMaxAge: JWKS_MAX_AGE_MS,
      timeoutDuration: 5_000,
    });
    remoteKeySets.set(url, set);
  }
  return set;
}

function errorCode(err: unknown): string | undefined {
  // Class names are minified in production builds; jose's `code` is stable.
  return typeof err === "object" && err !== null && "code" in err ? String((err as { code: unknown }).code) : undefined;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_TOKEN_LENGTH = 16 * 1024;

/** A remembered verification never outlives the token, nor this long (a key may be withdrawn from the JWKS). */
const CACHE_MAX_AGE_MS = 10 * 60_000;

export function createVerifier(options: VerifierOptions): VerifyToken {
  const tolerance = Math.min(Math.max(options.clockToleranceSeconds ?? 30, 0), 60);
  const verified = new ExpiringCache<VerifiedToken>(options.cacheSize ?? 1000);
  const getKey = typeof options.jwks === "string" ? remoteKeySet(options.jwks) : options.jwks;

  // A key lookup failure other than "no such kid" means we could not check the token at all:
  // fail closed, but say so as 503 rather than blaming the caller's token.
  const keyFor = async (header: JWTHeaderParameters, input: FlattenedJWSInput) => {
    try {
      return await getKey(header, input);
    } catch (err) {
      throw new TokenError(errorCode(err) === "ERR_JWKS_NO_MATCHING_KEY" ? "kidUnknown" : "jwksUnavailable");
    }
  };

  return async function verifyToken(token, allowed, now = new Date()) {
    if (!token) throw new TokenError("missing");
    if (token.length > MAX_TOKEN_LENGTH) throw new TokenError("malformed");
    // Only a token that passed every check below is cached; its exp (in the entry's expiry) and
    // its use are still checked on every hit.
    const known = verified.get(token, now.getTime());
    if (known) {
      if (!allowed.includes(known.use)) throw new TokenError("tokenUse");
      return known;
    }
    if (!JWT_SHAPE.test(token)) throw new TokenError("malformed");

    let header: ReturnType<typeof decodeProtectedHeader>;
    let unverified: JWTPayload;
    try {
      header = decodeProtectedHeader(token);
      unverified = decodeJwt(token);
    } catch {
      throw new TokenError("malformed");
    }
    if (header.alg !== "RS256") throw new TokenError("algorithm");
    if (typeof header.kid !== "string" || !header.kid) throw new TokenError("kidMissing");
    checkClaims(unverified, options, allowed);

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keyFor, {
        algorithms: ["RS256"],
        issuer: options.issuer,
        clockTolerance: tolerance,
        currentDate: now,
        requiredClaims: ["exp", "iat"],
      }));
    } catch (err) {
      if (err instanceof TokenError) throw err;
      throw new TokenError(joseFailure(err));
    }
    // Checked again on the verified payload: the pre-check above only saved a key fetch.
    const use = checkClaims(payload, options, allowed);
    const result: VerifiedToken = { use, claims: payload as VerifiedToken["claims"] };
    const expiresAt = Math.min((payload.exp ?? 0) * 1000 + tolerance * 1000, now.getTime() + CACHE_MAX_AGE_MS);
    verified.set(token, result, expiresAt);
    return result;
  };
}

function checkClaims(payload: JWTPayload, options: VerifierOptions, allowed: readonly TokenUse[]): TokenUse {
  if (payload.iss !== options.issuer) throw new TokenError("issuer");
  const use = payload.token_use;
  if (use !== "id" && use !== "access") throw new TokenError("tokenUse");
  if (!allowed.includes(use)) throw new TokenError("tokenUse");
  if (use === "id") {
    // ID tokens name the app client in `aud`; access tokens have no `aud` and use `client_id`.
    const aud = payload.aud;
    if (Array.isArray(aud) ? !aud.includes(options.clientId) : aud !== options.clientId) {
      throw new TokenError("audience");
    }
  } else if (payload.client_id !== options.clientId) {
    throw new TokenError("clientId");
  }
  return use;
}

function joseFailure(err: unknown): TokenFailure {
  const code = errorCode(err);
  switch (code) {
    case "ERR_JWT_EXPIRED":
      return "expired";
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return "signature";
    case "ERR_JOSE_ALG_NOT_ALLOWED":
      return "algorithm";
    case "ERR_JWT_CLAIM_VALIDATION_FAILED": {
      const claim = (err as { claim?: string }).claim;
      if (claim === "nbf" || claim === "iat") return "notYetValid";
      if (claim === "iss") return "issuer";
      return "malformed";
    }
    default:
      return "malformed";
  }
}

let configured: VerifyToken | undefined;

/** Verifies against the configured pool and app client. */
export const verifyToken: VerifyToken = (token, allowed, now) => {
  if (!configured) {
    const config = getConfig();
    configured = createVerifier({ issuer: config.issuer, clientId: config.clientId, jwks: config.jwksUri });
  }
  return configured(token, allowed, now);
};
