import { describe, expect, it } from "vitest";
import { ExpiringCache } from "@/lib/auth/lru";
import { createVerifier, TokenError } from "@/lib/auth/verify";
import { accessClaims, countingGetter, createTestKey, idClaims, localGetter, nowSec, signToken } from "./support/jwt";

const ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Cache";
const CLIENT = "cacheclient";

async function reason(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TokenError);
  return (err as TokenError).reason;
}

describe("verified-token cache", () => {
  it("checks a token's signature once, then answers from memory", async () => {
    const key = await createTestKey("k1");
    const counter = countingGetter(localGetter(key));
    const verify = createVerifier({ issuer: ISSUER, clientId: CLIENT, jwks: counter.getKey });
    const token = await signToken(idClaims(ISSUER, CLIENT), { key });
    const first = await verify(token, ["id"]);
    const second = await verify(token, ["id"]);
    expect(second).toEqual(first);
    expect(counter.calls()).toBe(1);
  });

  it("with cacheSize 0 verifies every time", async () => {
    const key = await createTestKey("k1");
    const counter = countingGetter(localGetter(key));
    const verify = createVerifier({ issuer: ISSUER, clientId: CLIENT, jwks: counter.getKey, cacheSize: 0 });
    const token = await signToken(idClaims(ISSUER, CLIENT), { key });
    await verify(token, ["id"]);
    await verify(token, ["id"]);
    expect(counter.calls()).toBe(2);
  });

  it("still refuses a cached token once it has expired", async () => {
    const key = await createTestKey("k1");
    const verify = createVerifier({ issuer: ISSUER, clientId: CLIENT, jwks: localGetter(key), clockToleranceSeconds: 5 });
    const token = await signToken(idClaims(ISSUER, CLIENT), { key, expiresIn: 60 });
    await verify(token, ["id"]);
    expect(await reason(verify(token, ["id"], new Date((nowSec() + 66) * 1000)))).toBe("expired");
  });

  it("still applies the allowed token uses to a cached token", async () => {
    const key = await createTestKey("k1");
    const verify = createVerifier({ issuer: ISSUER, clientId: CLIENT, jwks: localGetter(key) });
    const access = await signToken(accessClaims(ISSUER, CLIENT), { key });
    await verify(access, ["id", "access"]);
    expect(await reason(verify(access, ["id"]))).toBe("tokenUse");
  });

  it("never caches a refusal: a bad token is checked in full every time", async () => {
    const key = await createTestKey("k1");
    const other = await createTestKey("k1");
    const counter = countingGetter(localGetter(key));
    const verify = createVerifier({ issuer: ISSUER, clientId: CLIENT, jwks: counter.getKey });
    const forged = await signToken(idClaims(ISSUER, CLIENT), { key: other });
    expect(await reason(verify(forged, ["id"]))).toBe("signature");
    expect(await reason(verify(forged, ["id"]))).toBe("signature");
    expect(counter.calls()).toBe(2);
  });
});

describe("ExpiringCache", () => {
  it("forgets expired entries and evicts the least recently used past its size", () => {
    const cache = new ExpiringCache<number>(2);
    cache.set("a", 1, 1_000);
    cache.set("b", 2, 5_000);
    expect(cache.get("a", 999)).toBe(1);
    cache.set("c", 3, 5_000); // evicts b: a was used more recently
    expect(cache.get("b", 0)).toBeUndefined();
    expect(cache.get("a", 1_000)).toBeUndefined(); // expired
    expect(cache.get("c", 4_999)).toBe(3);
    expect(cache.size).toBe(1);
  });
});
