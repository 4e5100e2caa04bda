import { exportSPKI, importJWK, SignJWT, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/auth/errors";
import { createVerifier, TokenError, type TokenFailure, type VerifyToken } from "@/lib/auth/verify";
import { testConfig } from "./support/config";
import {
  accessClaims,
  b64url,
  countingGetter,
  createTestKey,
  idClaims,
  jwksOf,
  localGetter,
  nowSec,
  signToken,
  type TestKey,
} from "./support/jwt";

/**
 * The verifier as an attack list (in the spirit of aws-jwt-verify's tests): every token below is
 * built to slip past one check, and each must be refused for that check's reason.
 */
const config = testConfig();
const ISSUER = config.issuer;
const CLIENT_ID = config.clientId;
const KID = "pool-key-1";

let poolKey: TestKey;
let attackerKey: TestKey;
let counter: ReturnType<typeof countingGetter>;
let verify: VerifyToken;

beforeAll(async () => {
  poolKey = await createTestKey(KID);
  // Same kid as the pool's key: only the signature can tell them apart.
  attackerKey = await createTestKey(KID);
});

function freshVerifier(getKey: JWTVerifyGetKey = localGetter(poolKey), clockToleranceSeconds?: number): VerifyToken {
  counter = countingGetter(getKey);
  verify = createVerifier({ issuer: ISSUER, clientId: CLIENT_ID, jwks: counter.getKey, clockToleranceSeconds });
  return verify;
}

async function refusal(promise: Promise<unknown>): Promise<TokenError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "the token was accepted").toBeInstanceOf(TokenError);
  return err as TokenError;
}

async function expectRefused(promise: Promise<unknown>, reason: TokenFailure): Promise<TokenError> {
  const err = await refusal(promise);
  expect(err.reason).toBe(reason);
  return err;
}

const idToken = (payload: JWTPayload = {}, key = poolKey, opts: Omit<Parameters<typeof signToken>[1], "key"> = {}) =>
  signToken(idClaims(ISSUER, CLIENT_ID, payload), { key, ...opts });
const accessToken = (payload: JWTPayload = {}, key = poolKey, opts: Omit<Parameters<typeof signToken>[1], "key"> = {}) =>
  signToken(accessClaims(ISSUER, CLIENT_ID, payload), { key, ...opts });

function unsignedToken(header: Record<string, unknown>, payload: JWTPayload, signature = ""): string {
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.${signature}`;
}

describe("createVerifier: tokens the pool issued", () => {
  it("accepts a valid ID token and reports its use and claims", async () => {
    freshVerifier();
    const result = await verify(await idToken(), ["id"]);
    expect(result.use).toBe("id");
    expect(result.claims["cognito:username"]).toBe("alice");
    expect(result.claims["custom:team"]).toBe("platform");
    expect(counter.calls()).toBe(1);
  });

  it("accepts a valid access token and reports its use", async () => {
    freshVerifier();
    const result = await verify(await accessToken(), ["access"]);
    expect(result.use).toBe("access");
    expect(result.claims.client_id).toBe(CLIENT_ID);
  });

  it("accepts either use when both are allowed", async () => {
    freshVerifier();
    await expect(verify(await idToken(), ["id", "access"])).resolves.toMatchObject({ use: "id" });
    await expect(verify(await accessToken(), ["id", "access"])).resolves.toMatchObject({ use: "access" });
  });

  it("accepts an ID token whose aud is an array naming the client", async () => {
    freshVerifier();
    await expect(verify(await idToken({ aud: ["other-client", CLIENT_ID] }), ["id"])).resolves.toMatchObject({ use: "id" });
  });

  it("accepts a token expired less than the clock tolerance ago", async () => {
    freshVerifier();
    const token = await idToken({}, poolKey, { nowSeconds: nowSec() - 3600, expiresIn: 3600 - 10 });
    await expect(verify(token, ["id"])).resolves.toMatchObject({ use: "id" });
  });

  it("judges time against the `now` it is given", async () => {
    freshVerifier();
    const token = await idToken({}, poolKey, { expiresIn: 600 });
    const later = new Date(Date.now() + 3600_000);
    await expectRefused(verify(token, ["id"], later), "expired");
  });
});

describe("createVerifier: algorithm attacks", () => {
  it('refuses an unsecured token (alg "none", empty signature)', async () => {
    freshVerifier();
    const token = unsignedToken({ alg: "none", kid: KID }, idClaims(ISSUER, CLIENT_ID, { exp: nowSec() + 600, iat: nowSec() }));
    await expectRefused(verify(token, ["id"]), "malformed");
    expect(counter.calls()).toBe(0);
  });

  it.each(["none", "None", "NONE"])('refuses alg "%s" with a made-up signature', async (alg) => {
    freshVerifier();
    const token = unsignedToken({ alg, kid: KID }, idClaims(ISSUER, CLIENT_ID, { exp: nowSec() + 600, iat: nowSec() }), "c2ln");
    await expectRefused(verify(token, ["id"]), "algorithm");
    expect(counter.calls()).toBe(0);
  });

  it("refuses HS256 signed with the pool's public key as the HMAC secret", async () => {
    freshVerifier();
    const pem = await exportSPKI(await poolPublicKey());
    const token = await new SignJWT({ ...idClaims(ISSUER, CLIENT_ID), iat: nowSec(), exp: nowSec() + 600 })
      .setProtectedHeader({ alg: "HS256", kid: KID })
      .sign(new TextEncoder().encode(pem));
    await expectRefused(verify(token, ["id"]), "algorithm");
    expect(counter.calls()).toBe(0);
  });

  it.each(["RS512", "PS256"])("refuses a token signed with %s", async (alg) => {
    const key = await createTestKey(KID, alg);
    // Even a JWKS that holds the very key it was signed with must not make another algorithm acceptable.
    freshVerifier(localGetter(key));
    const token = await signToken(idClaims(ISSUER, CLIENT_ID), { key, header: { alg } });
    await expectRefused(verify(token, ["id"]), "algorithm");
    expect(counter.calls()).toBe(0);
  });
});

/** The public half of the pool key, the way an attacker reads it from the published JWKS. */
async function poolPublicKey(): Promise<CryptoKey> {
  const publicKey = await importJWK(jwksOf(poolKey).keys[0]!, "RS256");
  if (publicKey instanceof Uint8Array) throw new Error("expected an RSA public key");
  return publicKey;
}

describe("createVerifier: key attacks", () => {
  it("refuses a token without a kid", async () => {
    freshVerifier();
    const token = await idToken({}, poolKey, { header: { kid: undefined } });
    await expectRefused(verify(token, ["id"]), "kidMissing");
    expect(counter.calls()).toBe(0);
  });

  it("refuses a token with an empty kid", async () => {
    freshVerifier();
    await expectRefused(verify(await idToken({}, poolKey, { header: { kid: "" } }), ["id"]), "kidMissing");
  });

  it("refuses a kid the pool does not publish", async () => {
    freshVerifier();
    const stranger = await createTestKey("not-in-the-pool");
    await expectRefused(verify(await idToken({}, stranger), ["id"]), "kidUnknown");
  });

  it("refuses a token signed by another key under the pool's kid", async () => {
    freshVerifier();
    await expectRefused(verify(await idToken({}, attackerKey), ["id"]), "signature");
  });

  it("ignores a jku header pointing at the attacker's keys", async () => {
    freshVerifier();
    const token = await idToken({}, attackerKey, { header: { jku: "https://attacker.example/jwks.json" } });
    await expectRefused(verify(token, ["id"]), "signature");
  });

  it("refuses a token whose payload was swapped after signing", async () => {
    freshVerifier();
    const [header, , signature] = (await idToken()).split(".");
    const forged = `${header}.${b64url(JSON.stringify({ ...idClaims(ISSUER, CLIENT_ID, { "custom:role": "admin" }), exp: nowSec() + 600, iat: nowSec() }))}.${signature}`;
    await expectRefused(verify(forged, ["id"]), "signature");
  });

  it("looks the key up for every unknown kid: our code keeps no negative cache of its own", async () => {
    freshVerifier();
    const stranger = await createTestKey("flood");
    const tokens = await Promise.all(Array.from({ length: 10 }, (_, i) => idToken({ jti: String(i) }, stranger)));
    for (const token of tokens) await expectRefused(verify(token, ["id"]), "kidUnknown");
    expect(counter.calls()).toBe(10);
  });
});

describe("createVerifier: time claims", () => {
  it("refuses a token expired beyond the default 30 s tolerance", async () => {
    freshVerifier();
    const token = await idToken({}, poolKey, { nowSeconds: nowSec() - 3600, expiresIn: 3600 - 31 });
    await expectRefused(verify(token, ["id"]), "expired");
  });

  it("caps a configured tolerance at 60 s", async () => {
    freshVerifier(localGetter(poolKey), 3600);
    const token = await idToken({}, poolKey, { nowSeconds: nowSec() - 3600, expiresIn: 3600 - 90 });
    await expectRefused(verify(token, ["id"]), "expired");
  });

  it("refuses a token whose nbf is in the future", async () => {
    freshVerifier();
    await expectRefused(verify(await idToken({ nbf: nowSec() + 300 }), ["id"]), "notYetValid");
  });

  it("refuses a token without exp", async () => {
    freshVerifier();
    const token = await new SignJWT({ ...idClaims(ISSUER, CLIENT_ID), iat: nowSec() })
      .setProtectedHeader({ alg: "RS256", kid: KID })
      .sign(poolKey.privateKey);
    await expectRefused(verify(token, ["id"]), "malformed");
  });
});

describe("createVerifier: claims checked before any key lookup", () => {
  it("refuses a foreign issuer without calling the key getter", async () => {
    freshVerifier();
    const token = await idToken({ iss: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other999" });
    await expectRefused(verify(token, ["id"]), "issuer");
    expect(counter.calls()).toBe(0);
  });

  it("refuses an issuer that only shares a prefix with ours", async () => {
    freshVerifier();
    await expectRefused(verify(await idToken({ iss: `${ISSUER}x` }), ["id"]), "issuer");
  });

  it("refuses a token without token_use", async () => {
    freshVerifier();
    await expectRefused(verify(await idToken({ token_use: undefined }), ["id", "access"]), "tokenUse");
    expect(counter.calls()).toBe(0);
  });

  it("refuses an access token where only ID tokens are allowed", async () => {
    freshVerifier();
    await expectRefused(verify(await accessToken(), ["id"]), "tokenUse");
  });

  it("refuses an ID token where only access tokens are allowed", async () => {
    freshVerifier();
    await expectRefused(verify(await idToken(), ["access"]), "tokenUse");
  });

  it("refuses an ID token issued for another app client", async () => {
    freshVerifier();
    await expectRefused(verify(await idToken({ aud: "another-client" }), ["id"]), "audience");
    expect(counter.calls()).toBe(0);
  });

  it("refuses an ID token that carries our client only in client_id", async () => {
    freshVerifier();
    await expectRefused(verify(await idToken({ aud: "another-client", client_id: CLIENT_ID }), ["id"]), "audience");
  });

  it("refuses an access token issued for another app client", async () => {
    freshVerifier();
    await expectRefused(verify(await accessToken({ client_id: "another-client" }), ["access"]), "clientId");
    expect(counter.calls()).toBe(0);
  });

  it("refuses an access token that names our client only in aud", async () => {
    freshVerifier();
    await expectRefused(verify(await accessToken({ client_id: undefined, aud: CLIENT_ID }), ["access"]), "clientId");
  });

  it("refuses a cognito-local style refresh token (RS256 JWT without kid or token_use)", async () => {
    freshVerifier();
    const refresh = await signToken(
      { "cognito:username": "alice", email: "alice@example.com", iss: ISSUER, jti: "a1b2" },
      { key: poolKey, header: { kid: undefined }, expiresIn: 7 * 86400 },
    );
    await expectRefused(verify(refresh, ["id", "access"]), "kidMissing");
    expect(counter.calls()).toBe(0);
  });

  it("refuses a refresh-shaped token even when it carries the pool's kid", async () => {
    freshVerifier();
    const refresh = await signToken({ "cognito:username": "alice", iss: ISSUER }, { key: poolKey, expiresIn: 7 * 86400 });
    await expectRefused(verify(refresh, ["id", "access"]), "tokenUse");
  });
});

describe("createVerifier: malformed input", () => {
  const cases: [string, string, TokenFailure][] = [
    ["empty", "", "missing"],
    ["two segments", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0", "malformed"],
    ["four segments", "a.b.c.d", "malformed"],
    ["characters outside base64url", "eyJhbGci+OiJSUzI1NiJ9.eyJzdWIi/OiJ4In0.c2ln", "malformed"],
    ["base64url that is not JSON", `${b64url("not json")}.${b64url("{}")}.c2ln`, "malformed"],
    ["a JSON header that is not an object", `${b64url("[1]")}.${b64url("{}")}.c2ln`, "malformed"],
    ["a payload that is not JSON", `${b64url(JSON.stringify({ alg: "RS256", kid: KID }))}.${b64url("\u0000")}.c2ln`, "malformed"],
    ["whitespace", " eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", "malformed"],
  ];

  it.each(cases)("refuses %s", async (_label, token, reason) => {
    freshVerifier();
    await expectRefused(verify(token, ["id", "access"]), reason);
    expect(counter.calls()).toBe(0);
  });

  it("refuses a 20 KB token before decoding it", async () => {
    freshVerifier();
    const token = await idToken({ padding: "x".repeat(20 * 1024) });
    expect(token.length).toBeGreaterThan(20 * 1024);
    await expectRefused(verify(token, ["id"]), "malformed");
    expect(counter.calls()).toBe(0);
  });
});

describe("TokenError", () => {
  it("is a 401 AppError with a verifyToken detail and a WWW-Authenticate challenge", async () => {
    freshVerifier();
    const err = await expectRefused(verify(await idToken({}, attackerKey), ["id"]), "signature");
    expect(err).toBeInstanceOf(AppError);
    expect(err.status).toBe(401);
    expect(err.code).toBe("Unauthorized");
    expect(err.details).toEqual([{ source: "verifyToken", desc: "Token signature is invalid" }]);
    expect(err.headers["WWW-Authenticate"]).toBe('Bearer error="invalid_token"');
  });

  it("names each failure in its detail", () => {
    const expected: Partial<Record<TokenFailure, string>> = {
      kidMissing: "Kid of token not found",
      expired: "Token is expired",
      audience: "Token was not issued for this audience",
      issuer: "Token was not issued by this user pool",
    };
    for (const [reason, desc] of Object.entries(expected)) {
      const err = new TokenError(reason as TokenFailure);
      expect(err.details).toEqual([{ source: "verifyToken", desc }]);
      expect(err.status).toBe(401);
    }
  });

  it("never echoes the token in the error", async () => {
    freshVerifier();
    const token = await idToken({ aud: "another-client" });
    const err = await refusal(verify(token, ["id"]));
    const exposed = JSON.stringify({ json: err.toJSON(), message: err.message, headers: err.headers });
    expect(exposed).not.toContain(token.split(".")[1]!);
  });
});

describe("createVerifier: key source failures", () => {
  it("reports a key getter's network error as jwksUnavailable (503, Retry-After)", async () => {
    freshVerifier(async () => {
      throw new TypeError("fetch failed");
    });
    const err = await expectRefused(verify(await idToken(), ["id"]), "jwksUnavailable");
    expect(err.status).toBe(503);
    expect(err.code).toBe("ServiceUnavailable");
    expect(err.headers["Retry-After"]).toBeDefined();
    expect(err.headers["WWW-Authenticate"]).toBeUndefined();
    expect(err.details).toEqual([{ source: "verifyToken", desc: "The user pool's signing keys could not be fetched" }]);
  });
});

describe("createVerifier with the pool's JWKS URL", () => {
  // Each test gets its own URL: the verifier module shares one remote key set per URL.
  let urlCount = 0;
  const jwksUrl = () => `https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Url${++urlCount}/.well-known/jwks.json`;

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  function stubFetch(respond: () => Promise<Response>): () => number {
    let calls = 0;
    vi.stubGlobal("fetch", async () => {
      calls++;
      return respond();
    });
    return () => calls;
  }

  it("fetches the JWKS once and serves later tokens from its cache", async () => {
    const fetches = stubFetch(async () => Response.json(jwksOf(poolKey)));
    const remote = createVerifier({ issuer: ISSUER, clientId: CLIENT_ID, jwks: jwksUrl() });
    for (let i = 0; i < 5; i++) await expect(remote(await idToken({ jti: String(i) }), ["id"])).resolves.toMatchObject({ use: "id" });
    expect(fetches()).toBe(1);
  });

  it("does not refetch the JWKS for a flood of unknown kids within the cooldown", async () => {
    const fetches = stubFetch(async () => Response.json(jwksOf(poolKey)));
    const remote = createVerifier({ issuer: ISSUER, clientId: CLIENT_ID, jwks: jwksUrl() });
    await remote(await idToken(), ["id"]);
    const stranger = await createTestKey("rotated-or-forged");
    for (let i = 0; i < 20; i++) await expectRefused(remote(await idToken({ jti: String(i) }, stranger), ["id"]), "kidUnknown");
    expect(fetches()).toBe(1);
  });

  it("fails closed with 503 when the JWKS endpoint is down", async () => {
    stubFetch(async () => {
      throw new TypeError("fetch failed");
    });
    const remote = createVerifier({ issuer: ISSUER, clientId: CLIENT_ID, jwks: jwksUrl() });
    const err = await expectRefused(remote(await idToken(), ["id"]), "jwksUnavailable");
    expect(err.status).toBe(503);
  });

  it("fails closed with 503 when the JWKS endpoint answers 500", async () => {
    stubFetch(async () => new Response("oops", { status: 500 }));
    const remote = createVerifier({ issuer: ISSUER, clientId: CLIENT_ID, jwks: jwksUrl() });
    await expectRefused(remote(await idToken(), ["id"]), "jwksUnavailable");
  });

  it("never fetches the JWKS for a token from a foreign issuer", async () => {
    const fetches = stubFetch(async () => Response.json(jwksOf(poolKey)));
    const remote = createVerifier({ issuer: ISSUER, clientId: CLIENT_ID, jwks: jwksUrl() });
    await expectRefused(remote(await idToken({ iss: "https://evil.example/pool" }), ["id"]), "issuer");
    expect(fetches()).toBe(0);
  });
});
