import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "@/lib/auth/config";
import { BASE_ENV } from "./support/config";

const SECRET = "a-session-secret-of-32-characters!";

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error("loadConfig accepted the environment");
}

describe("loadConfig", () => {
  it("derives the real Cognito issuer and JWKS URL from region and pool", () => {
    const config = loadConfig({ ...BASE_ENV, SESSION_SECRET: SECRET });
    expect(config.issuer).toBe("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyz");
    expect(config.jwksUri).toBe("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyz/.well-known/jwks.json");
    expect(config.localMode).toBe(false);
    expect(config.endpoint).toBeUndefined();
    expect(config.clientSecret).toBeUndefined();
    expect(config.sessionSecrets).toEqual({ "1": SECRET });
    expect(config.sessionMaxAgeSeconds).toBe(30 * 86400);
    expect(config.claims).toEqual({ role: "custom:role", team: "custom:team", groups: "cognito:groups" });
  });

  it("uses the emulator endpoint as the issuer base in local mode, without a trailing slash", () => {
    const config = loadConfig({ ...BASE_ENV, COGNITO_LOCAL: "1", COGNITO_ENDPOINT: "http://127.0.0.1:9229/" });
    expect(config.localMode).toBe(true);
    expect(config.endpoint).toBe("http://127.0.0.1:9229");
    expect(config.issuer).toBe("http://127.0.0.1:9229/eu-west-1_AbC123xyz");
    expect(config.jwksUri).toBe("http://127.0.0.1:9229/eu-west-1_AbC123xyz/.well-known/jwks.json");
  });

  it("accepts COGNITO_LOCAL=true as well as 1", () => {
    expect(loadConfig({ ...BASE_ENV, COGNITO_LOCAL: "true", COGNITO_ENDPOINT: "http://localhost:9229" }).localMode).toBe(true);
  });

  it("keeps the client secret and custom claim names", () => {
    const config = loadConfig({ ...BASE_ENV, COGNITO_CLIENT_SECRET: "shh", AUTH_ROLE_CLAIM: "custom:job", SESSION_MAX_AGE_SECONDS: "3600" });
    expect(config.clientSecret).toBe("shh");
    expect(config.claims.role).toBe("custom:job");
    expect(config.sessionMaxAgeSeconds).toBe(3600);
  });

  it("names every missing variable in one ConfigError", () => {
    const err = configError({});
    for (const name of ["COGNITO_REGION", "COGNITO_USER_POOL_ID", "COGNITO_CLIENT_ID", "SESSION_SECRET"]) {
      expect(err.problems.some((p) => p.startsWith(`${name} `)), name).toBe(true);
      expect(err.message).toContain(name);
    }
    expect(err.problems).toHaveLength(4);
  });

  it("names every malformed variable in one ConfigError", () => {
    const err = configError({
      COGNITO_REGION: "Europe",
      COGNITO_USER_POOL_ID: "pool",
      COGNITO_CLIENT_ID: "not/a/client",
      COGNITO_ENDPOINT: "ftp://emulator",
      COGNITO_LOCAL: "yes",
      SESSION_SECRET: "short",
      SESSION_MAX_AGE_SECONDS: "soon",
    });
    const named = err.problems.map((p) => p.split(" ")[0]);
    expect(new Set(named)).toEqual(
      new Set([
        "COGNITO_REGION",
        "COGNITO_USER_POOL_ID",
        "COGNITO_CLIENT_ID",
        "COGNITO_ENDPOINT",
        "COGNITO_LOCAL",
        "SESSION_SECRET",
        "SESSION_MAX_AGE_SECONDS",
      ]),
    );
    for (const problem of err.problems) expect(err.message).toContain(problem);
  });

  it("treats empty variables as unset", () => {
    const err = configError({ ...BASE_ENV, COGNITO_CLIENT_ID: "" });
    expect(err.problems).toEqual(["COGNITO_CLIENT_ID is required"]);
  });

  it("refuses a SESSION_SECRET shorter than 32 characters", () => {
    const err = configError({ ...BASE_ENV, SESSION_SECRET: "x".repeat(31) });
    expect(err.problems).toEqual(["SESSION_SECRET must be at least 32 characters"]);
    expect(loadConfig({ ...BASE_ENV, SESSION_SECRET: "x".repeat(32) }).sessionSecrets).toEqual({ "1": "x".repeat(32) });
  });

  it("accepts a JSON rotation map of numbered secrets", () => {
    const map = { "2": "n".repeat(32), "1": "o".repeat(32) };
    expect(loadConfig({ ...BASE_ENV, SESSION_SECRET: JSON.stringify(map) }).sessionSecrets).toEqual(map);
  });

  it.each([
    ["JSON that does not parse", '{"1": "unterminated'],
    ["an empty map", "{}"],
    ["a non-numeric id", JSON.stringify({ current: "n".repeat(32) })],
    ["a short secret in the map", JSON.stringify({ "2": "n".repeat(32), "1": "short" })],
    ["a non-string secret", JSON.stringify({ "1": 12345 })],
  ])("refuses a rotation map with %s", (_label, value) => {
    const err = configError({ ...BASE_ENV, SESSION_SECRET: value });
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatch(/^SESSION_SECRET /);
  });

  it("refuses COGNITO_ENDPOINT without COGNITO_LOCAL=1 (the emulator's key is public)", () => {
    for (const local of [undefined, "0", "false"]) {
      const err = configError({ ...BASE_ENV, COGNITO_ENDPOINT: "http://127.0.0.1:9229", COGNITO_LOCAL: local });
      expect(err.problems).toHaveLength(1);
      expect(err.problems[0]).toMatch(/^COGNITO_ENDPOINT .*COGNITO_LOCAL=1/);
    }
  });

  it("names a cross-variable problem together with a field problem", () => {
    const err = configError({ ...BASE_ENV, COGNITO_REGION: "bad", COGNITO_ENDPOINT: "http://x:1" });
    expect(err.problems).toHaveLength(2);
    expect(err.message).toMatch(/COGNITO_REGION/);
    expect(err.message).toMatch(/COGNITO_ENDPOINT is only allowed with COGNITO_LOCAL=1/);
  });

  it("refuses COGNITO_LOCAL=1 without an endpoint", () => {
    const err = configError({ ...BASE_ENV, COGNITO_LOCAL: "1" });
    expect(err.problems).toEqual(["COGNITO_ENDPOINT is required when COGNITO_LOCAL=1"]);
  });

  it("bounds SESSION_MAX_AGE_SECONDS", () => {
    expect(configError({ ...BASE_ENV, SESSION_MAX_AGE_SECONDS: "60" }).problems[0]).toMatch(/^SESSION_MAX_AGE_SECONDS /);
    expect(configError({ ...BASE_ENV, SESSION_MAX_AGE_SECONDS: "1.5" }).problems[0]).toMatch(/^SESSION_MAX_AGE_SECONDS /);
  });

  it("never puts a secret's value in the error", () => {
    const err = configError({ ...BASE_ENV, SESSION_SECRET: "tooShortButSecret", COGNITO_REGION: "nowhere" });
    expect(err.message).not.toContain("tooShortButSecret");
  });
});
