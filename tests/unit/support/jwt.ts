import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTHeaderParameters,
  type JWTPayload,
  type JWTVerifyGetKey,
} from "jose";

/**
 * A throwaway RS256 signing key and its JWKS, standing in for a user pool's keys. Tokens are
 * signed for real, so every refusal the verifier reports is one it had to detect.
 */
export interface TestKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function createTestKey(kid: string, alg = "RS256"): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: "sig" };
  return { kid, privateKey, publicJwk };
}

export function jwksOf(...keys: TestKey[]): { keys: JWK[] } {
  return { keys: keys.map((k) => k.publicJwk) };
}

/** A key getter that counts its calls, so a test can prove a token never reached the key lookup. */
export function countingGetter(inner: JWTVerifyGetKey): { getKey: JWTVerifyGetKey; calls: () => number } {
  let calls = 0;
  const getKey: JWTVerifyGetKey = (header, token) => {
    calls++;
    return inner(header, token);
  };
  return { getKey, calls: () => calls };
}

export function localGetter(...keys: TestKey[]): JWTVerifyGetKey {
  return createLocalJWKSet(jwksOf(...keys));
}

export interface SignOptions {
  key: TestKey;
  /** Header overrides; `kid: undefined` leaves the kid out. */
  header?: { alg?: string; kid?: string | undefined; [name: string]: unknown };
  nowSeconds?: number;
  /** Seconds from now; the token's lifetime. */
  expiresIn?: number;
}

export async function signToken(payload: JWTPayload, { key, header = {}, nowSeconds = nowSec(), expiresIn = 3600 }: SignOptions): Promise<string> {
  const { kid, ...rest } = { kid: key.kid, ...header };
  const protectedHeader: JWTHeaderParameters = { alg: "RS256", ...rest, ...(kid === undefined ? {} : { kid }) };
  return new SignJWT({ iat: nowSeconds, exp: nowSeconds + expiresIn, ...payload }).setProtectedHeader(protectedHeader).sign(key.privateKey);
}

export function nowSec(): number {
  return Math.floor(Date.now() / 1000);
}

export function b64url(value: string | Uint8Array): string {
  return Buffer.from(value).toString("base64url");
}

/** Claims shaped like Cognito's, for the pool and client the verifier is configured with. */
export function idClaims(issuer: string, clientId: string, extra: JWTPayload = {}): JWTPayload {
  return {
    sub: "5f1d6e2a-0000-4000-8000-00000000a11c",
    iss: issuer,
    aud: clientId,
    token_use: "id",
    "cognito:username": "alice",
    "cognito:groups": ["admin"],
    "custom:role": "admin",
    "custom:team": "platform",
    email: "alice@example.com",
    auth_time: nowSec(),
    ...extra,
  };
}

export function accessClaims(issuer: string, clientId: string, extra: JWTPayload = {}): JWTPayload {
  return {
    sub: "5f1d6e2a-0000-4000-8000-00000000a11c",
    iss: issuer,
    client_id: clientId,
    token_use: "access",
    username: "alice",
    "cognito:groups": ["admin"],
    scope: "aws.cognito.signin.user.admin",
    auth_time: nowSec(),
    ...extra,
  };
}
