import { afterEach, describe, expect, it, vi } from "vitest";
import { sealChallenge, unsealChallenge } from "@/lib/auth/challenge";
import { AppError } from "@/lib/auth/errors";
import { sealSession, unsealSession } from "@/lib/auth/session";
import { testConfig } from "./support/config";

const config = testConfig();
const challenge = { cognitoSession: "AYABeC0gNW-cognito-session", username: "5f1d6e2a-dave" };

async function refusal(sealed: string, cfg = config): Promise<AppError> {
  const err = await unsealChallenge(sealed, cfg).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "the challenge was accepted").toBeInstanceOf(AppError);
  return err as AppError;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("sealChallenge / unsealChallenge", () => {
  it("round-trips the pending challenge without exposing it", async () => {
    const sealed = await sealChallenge(challenge, config);
    expect(sealed).not.toContain("dave");
    expect(await unsealChallenge(sealed, config)).toEqual(challenge);
  });

  it("refuses a tampered or foreign seal with 401", async () => {
    const sealed = await sealChallenge(challenge, config);
    const at = Math.floor(sealed.length / 2);
    const tampered = sealed.slice(0, at) + (sealed[at] === "A" ? "B" : "A") + sealed.slice(at + 1);
    const err = await refusal(tampered);
    expect(err.status).toBe(401);
    expect(err.details).toEqual([{ source: "newPassword", desc: "Challenge session is invalid or expired" }]);
    await refusal(await sealChallenge(challenge, testConfig({ SESSION_SECRET: "another-secret-another-secret-0000" })));
    await refusal("garbage");
  });

  it("refuses a session cookie's seal as a challenge, and a challenge as a session", async () => {
    const session = { idToken: "i", accessToken: "a", expiresAt: 1_900_000_000, username: "5f1d6e2a-dave" };
    await refusal(await sealSession(session, config));
    expect(await unsealSession(await sealChallenge(challenge, config), config)).toBeNull();
  });

  it("expires after five minutes", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const sealed = await sealChallenge(challenge, config);
    vi.setSystemTime(Date.now() + 4 * 60_000);
    expect(await unsealChallenge(sealed, config)).toEqual(challenge);
    // Past the 5-minute ttl plus iron's 60 s skew allowance.
    vi.setSystemTime(Date.now() + 3 * 60_000);
    await refusal(sealed);
  });
});
