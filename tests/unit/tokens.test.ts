import { UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/auth/errors";
import { tokenSetFrom } from "@/lib/auth/tokens";

const NOW_MS = 1_800_000_000_000;
const NOW = NOW_MS / 1000;

/** Only `exp` is read here (the tokens were verified elsewhere), so unsigned JWTs suffice. */
const jwtExpiringAt = (exp: number) => new UnsecuredJWT({ exp, token_use: "id" }).encode();

describe("tokenSetFrom", () => {
  it("uses Cognito's ExpiresIn when present", () => {
    const set = tokenSetFrom({ IdToken: jwtExpiringAt(NOW + 60), AccessToken: jwtExpiringAt(NOW + 60), RefreshToken: "r", ExpiresIn: 3600 }, NOW_MS);
    expect(set.expiresIn).toBe(3600);
    expect(set.refreshToken).toBe("r");
  });

  it("derives the lifetime from the earlier exp of the two tokens when ExpiresIn is missing", () => {
    const set = tokenSetFrom({ IdToken: jwtExpiringAt(NOW + 3600), AccessToken: jwtExpiringAt(NOW + 900) }, NOW_MS);
    expect(set.expiresIn).toBe(900);
    expect(set.refreshToken).toBeUndefined();
  });

  it("never reports a negative lifetime for tokens already expired", () => {
    expect(tokenSetFrom({ IdToken: jwtExpiringAt(NOW - 10), AccessToken: jwtExpiringAt(NOW - 10) }, NOW_MS).expiresIn).toBe(0);
  });

  it("reports a result without tokens as an unavailable service", () => {
    for (const result of [undefined, {}, { IdToken: "x" }, { AccessToken: "y" }]) {
      let thrown: unknown;
      try {
        tokenSetFrom(result, NOW_MS);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(AppError);
      expect((thrown as AppError).status).toBe(503);
    }
  });
});
