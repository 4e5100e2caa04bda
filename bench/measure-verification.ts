import { createPrivateKey, createPublicKey, randomUUID, sign as rsaSign, verify as rsaVerify, type JsonWebKey, type KeyObject } from "node:crypto";
import { createRequire } from "node:module";
import { JwtRsaVerifier } from "aws-jwt-verify";
import { validateCognitoJwtFields } from "aws-jwt-verify/cognito-verifier";
import type { Jwks } from "aws-jwt-verify/jwk";
import { createVerifier } from "../lib/auth/verify";
import { median } from "./http-load";
import { inTurn, timeTasks } from "./timing";

/**
 * 2. Verification speed, in one process, on one emulator ID token, keys cached everywhere:
 *   ours      lib/auth/verify.ts createVerifier (jose), as the app uses it, so with its cache of
 *             verified tokens: on the same token again and again that cache answers;
 *   aws       aws-jwt-verify. Its CognitoJwtVerifier derives the issuer from the pool id
 *             (https://cognito-idp.<region>.amazonaws.com/<pool>) and the emulator's issuer is
 *             http://127.0.0.1:<port>/<pool>, so it would refuse every emulator token. We use what
 *             CognitoJwtVerifier is made of: JwtRsaVerifier with the emulator issuer and audience
 *             null (as CognitoJwtVerifier sets it), plus its own validateCognitoJwtFields as the
 *             customJwtCheck (token_use, and aud for ID tokens). Its JWKS cache is filled with
 *             cacheJwks(): its fetcher speaks https only, and the emulator serves http;
 *   floor     node:crypto verify of the RS256 signature alone (no parsing, no claims).
 * Tasks take turns over a few rounds, each round starting with the next task; each ratio is taken
 * within a round, then the median.
 *
 * "First sight" repeats ours and aws on tokens each verifier has never seen (fresh jti, signed
 * with the emulator's published private key), so a cache of verified tokens, should either side
 * grow one, cannot answer for the signature check.
 */
export interface VerificationInput {
  idToken: string;
  issuer: string;
  clientId: string;
  jwksUrl: string;
}

export interface VerificationResult {
  opsPerSecond: { ours: number; aws: number; awsSync: number; floor: number; oursFirstSight: number; awsFirstSight: number };
  oursOverAws: number;
  oursOverFloor: number;
  firstSightOursOverAws: number;
  firstSightOursOverFloor: number;
  rounds: number;
}

const ROUNDS = 4;
const ROUND_MS = 750;
const FIRST_SIGHT_PER_ROUND = 400;
const FIRST_SIGHT_WARMUP = 200;

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
  const fresh = firstSightTokens(idToken, FIRST_SIGHT_WARMUP + ROUNDS * FIRST_SIGHT_PER_ROUND);
  const forOurs = drawEachOnce(fresh);
  const forAws = drawEachOnce(fresh);
  // Warm both signature paths on tokens of their own: with a cache, ours has not run its full
  // path since the first call above, while aws-jwt-verify ran it all along.
  for (let i = 0; i < FIRST_SIGHT_WARMUP; i++) {
    await ours(forOurs(), ["id"]);
    await aws.verify(forAws());
  }
  // Declared async so tinybench knows without a trial call, which would use up a token.
  const firstSight = {
    oursFirstSight: async () => {
      await ours(forOurs(), ["id"]);
    },
    awsFirstSight: async () => {
      await aws.verify(forAws());
    },
  };

  type Key = keyof typeof tasks | keyof typeof firstSight;
  const rounds: Record<Key, number>[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const timed = await timeTasks(inTurn(tasks, round), { time: ROUND_MS, warmupTime: round === 0 ? 300 : 50 });
    // Exactly one call per fresh token, no warm-up: the tasks above warmed both verifiers.
    const once = await timeTasks(inTurn(firstSight, round), { iterations: FIRST_SIGHT_PER_ROUND, time: 0, warmup: false });
    rounds.push({
      ours: timed.ours!.opsPerSecond,
      aws: timed.aws!.opsPerSecond,
      awsSync: timed.awsSync!.opsPerSecond,
      floor: timed.floor!.opsPerSecond,
      oursFirstSight: once.oursFirstSight!.opsPerSecond,
      awsFirstSight: once.awsFirstSight!.opsPerSecond,
    });
  }
  const med = (key: Key) => median(rounds.map((r) => r[key]));
  return {
    opsPerSecond: {
      ours: med("ours"),
      aws: med("aws"),
      awsSync: med("awsSync"),
      floor: med("floor"),
      oursFirstSight: med("oursFirstSight"),
      awsFirstSight: med("awsFirstSight"),
    },
    oursOverAws: median(rounds.map((r) => r.ours / r.aws)),
    oursOverFloor: median(rounds.map((r) => r.ours / r.floor)),
    firstSightOursOverAws: median(rounds.map((r) => r.oursFirstSight / r.awsFirstSight)),
    firstSightOursOverFloor: median(rounds.map((r) => r.oursFirstSight / r.floor)),
    rounds: ROUNDS,
  };
}

function drawEachOnce(tokens: readonly string[]): () => string {
  let next = 0;
  return () => {
    const token = tokens[next++];
    if (token === undefined) throw new Error("ran out of first-sight tokens");
    return token;
  };
}

/** Copies of an emulator token with a fresh jti each, signed as the emulator signs (its key ships with it). */
function firstSightTokens(template: string, count: number): string[] {
  const { pem } = createRequire(import.meta.url)("cognito-local/lib/keys/cognitoLocal.private.json") as { pem: string };
  const key = createPrivateKey(pem);
  const [header, payload] = template.split(".");
  const claims = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8")) as Record<string, unknown>;
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const body = Buffer.from(JSON.stringify({ ...claims, jti: randomUUID() })).toString("base64url");
    const signature = rsaSign("RSA-SHA256", Buffer.from(`${header}.${body}`), key).toString("base64url");
    tokens.push(`${header}.${body}.${signature}`);
  }
  return tokens;
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
