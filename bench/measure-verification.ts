import { createPublicKey, verify as rsaVerify, type JsonWebKey, type KeyObject } from "node:crypto";
import { JwtRsaVerifier } from "aws-jwt-verify";
import { validateCognitoJwtFields } from "aws-jwt-verify/cognito-verifier";
import type { Jwks } from "aws-jwt-verify/jwk";
import { createVerifier } from "../lib/auth/verify";
import { median } from "./http-load";
import { timeTasks } from "./timing";

/**
 * 2. Verification speed, in one process, on one emulator ID token, keys cached everywhere:
 *   ours      lib/auth/verify.ts createVerifier (jose), as the app uses it;
 *   aws       aws-jwt-verify. Its CognitoJwtVerifier derives the issuer from the pool id
 *             (https://cognito-idp.<region>.amazonaws.com/<pool>) and the emulator's issuer is
 *             http://127.0.0.1:<port>/<pool>, so it would refuse every emulator token. We use what
 *             CognitoJwtVerifier is made of: JwtRsaVerifier with the emulator issuer and audience
 *             null (as CognitoJwtVerifier sets it), plus its own validateCognitoJwtFields as the
 *             customJwtCheck (token_use, and aud for ID tokens). Its JWKS cache is filled with
 *             cacheJwks(): its fetcher speaks https only, and the emulator serves http;
 *   floor     node:crypto verify of the RS256 signature alone (no parsing, no claims).
 * Tasks take turns over a few rounds; each ratio is taken within a round, then the median.
 */
export interface VerificationInput {
  idToken: string;
  issuer: string;
  clientId: string;
  jwksUrl: string;
}

export interface VerificationResult {
  opsPerSecond: { ours: number; aws: number; awsSync: number; floor: number };
  oursOverAws: number;
  oursOverFloor: number;
  rounds: number;
}

const ROUNDS = 3;
const ROUND_MS = 1000;

export async function measureVerification({ idToken, issuer, clientId, jwksUrl }: VerificationInput): Promise<VerificationResult> {
  const jwks = (await (await fetch(jwksUrl)).json()) as Jwks;

  const ours = createVerifier({ issuer, clientId, jwks: jwksUrl });
  await ours(idToken, ["id"]); // fills its key cache

  const aws = JwtRsaVerifier.create({
    issuer,
    audience: null,
    jwksUri: jwksUrl,
    customJwtCheck: ({ payload }) => validateCognitoJwtFields(payload, { tokenUse: "id", clientId }),
  });
  aws.cacheJwks(jwks);
  await aws.verify(idToken);

  const floor = bareSignatureCheck(idToken, jwks);
  if (!floor()) throw new Error("the bare signature check refused the emulator's token");

  const tasks = {
    ours: () => ours(idToken, ["id"]),
    aws: () => aws.verify(idToken),
    awsSync: () => aws.verifySync(idToken),
    floor: () => {
      if (!floor()) throw new Error("signature refused");
    },
  };
  const rounds: Record<keyof typeof tasks, number>[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const timed = await timeTasks(tasks, { time: ROUND_MS, warmupTime: round === 0 ? 300 : 50 });
    rounds.push({
      ours: timed.ours!.opsPerSecond,
      aws: timed.aws!.opsPerSecond,
      awsSync: timed.awsSync!.opsPerSecond,
      floor: timed.floor!.opsPerSecond,
    });
  }
  const med = (key: keyof typeof tasks) => median(rounds.map((r) => r[key]));
  return {
    opsPerSecond: { ours: med("ours"), aws: med("aws"), awsSync: med("awsSync"), floor: med("floor") },
    oursOverAws: median(rounds.map((r) => r.ours / r.aws)),
    oursOverFloor: median(rounds.map((r) => r.ours / r.floor)),
    rounds: ROUNDS,
  };
}

/** RSASSA-PKCS1-v1_5 SHA-256 over `header.payload`, with the key and both buffers prepared up front. */
function bareSignatureCheck(token: string, jwks: Jwks): () => boolean {
  const [header, payload, signature] = token.split(".");
  const kid = (JSON.parse(Buffer.from(header!, "base64url").toString("utf8")) as { kid?: string }).kid;
  const jwk = jwks.keys.find((k) => k.kid === kid);
  if (!jwk) throw new Error(`no key ${kid} in the JWKS`);
  const key: KeyObject = createPublicKey({ key: jwk as JsonWebKey, format: "jwk" });
  const data = Buffer.from(`${header}.${payload}`);
  const sig = Buffer.from(signature!, "base64url");
  return () => rsaVerify("RSA-SHA256", data, key, sig);
}
