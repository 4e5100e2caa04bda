import { randomBytes, randomUUID } from "node:crypto";
import { generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from "jose";

/**
 * Tokens the benchmark makes itself: tokens with unknown key ids (the JWKS-refetch flood) and a
 * token set the size of a real Cognito pool's (the cookie budget). They are signed with a key
 * nobody trusts; only their shape and size matter.
 */
let throwaway: Promise<CryptoKey> | undefined;
const signingKey = () => (throwaway ??= generateKeyPair("RS256").then((pair) => pair.privateKey));

const now = () => Math.floor(Date.now() / 1000);

/** Cognito key ids look like base64 of 32 bytes. */
const randomKid = () => randomBytes(32).toString("base64");

async function sign(payload: JWTPayload, kid: string): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: "RS256", kid }).sign(await signingKey());
}

/** ID tokens that pass every claim check the verifier can do without a key, each with a fresh random kid. */
export async function unknownKidTokens(count: number, issuer: string, clientId: string): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const sub = randomUUID();
    tokens.push(
      await sign(
        { iss: issuer, aud: clientId, token_use: "id", sub, "cognito:username": sub, iat: now(), exp: now() + 3600 },
        randomKid(),
      ),
    );
  }
  return tokens;
}

const REAL_ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab3dEfGh1";
const REAL_CLIENT_ID = "4k2f8q9s7d6h5j3l1m0n9b8v7c";

/** Adds groups until the signed token is at least `bytes` long (real pools grow by groups and attributes). */
async function padded(base: JWTPayload, bytes: number): Promise<string> {
  const kid = randomKid();
  const groups: string[] = [];
  for (let i = 0; i < 200; i++) {
    const token = await sign({ ...base, "cognito:groups": groups }, kid);
    if (token.length >= bytes) return token;
    groups.push(`team-${String(i).padStart(2, "0")}-customer-success`);
  }
  throw new Error(`could not pad a token to ${bytes} bytes`);
}

export interface TokenSetSizes {
  id: number;
  access: number;
  refresh: number;
}

/** Real Cognito: ID ≈ 1.5 KB with groups and custom attributes, access ≈ 1.1 KB, refresh ≈ 1.8 KB (an encrypted JWE). */
export const REAL_COGNITO_SIZES: TokenSetSizes = { id: 1500, access: 1100, refresh: 1800 };

export async function realisticCognitoTokens(sizes: TokenSetSizes = REAL_COGNITO_SIZES) {
  const sub = randomUUID();
  const times = { auth_time: now(), iat: now(), exp: now() + 3600 };
  const ids = { origin_jti: randomUUID(), event_id: randomUUID(), jti: randomUUID() };
  const idToken = await padded(
    {
      sub,
      email_verified: true,
      iss: REAL_ISSUER,
      "cognito:username": sub,
      aud: REAL_CLIENT_ID,
      token_use: "id",
      email: "firstname.lastname@example-company.com",
      name: "Firstname Lastname",
      "custom:role": "staff",
      "custom:team": "customer-success",
      "custom:tenant_id": randomUUID(),
      ...ids,
      ...times,
    },
    sizes.id,
  );
  const accessToken = await padded(
    {
      sub,
      iss: REAL_ISSUER,
      version: 2,
      client_id: REAL_CLIENT_ID,
      token_use: "access",
      scope: "aws.cognito.signin.user.admin",
      username: sub,
      ...ids,
      ...times,
    },
    sizes.access,
  );
  return { idToken, accessToken, refreshToken: fakeJwe(sizes.refresh), username: sub };
}

/** Cognito's refresh token: a compact JWE (RSA-OAEP + A256GCM), opaque to the app. */
function fakeJwe(bytes: number): string {
  const header = Buffer.from(JSON.stringify({ cty: "JWT", enc: "A256GCM", alg: "RSA-OAEP" })).toString("base64url");
  const part = (n: number) => randomBytes(n).toString("base64url");
  const fixed = `${header}.${part(256)}.${part(12)}..${part(16)}`;
  const cipherBytes = Math.max(0, Math.floor(((bytes - fixed.length) * 3) / 4));
  const [h, key, iv, , tag] = fixed.split(".");
  return `${h}.${key}.${iv}.${part(cipherBytes)}.${tag}`;
}
