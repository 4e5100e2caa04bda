import { loadConfig, type AuthConfig } from "@/lib/auth/config";

/** A real-Cognito-shaped environment; tests override single variables to probe one rule at a time. */
export const BASE_ENV = {
  COGNITO_REGION: "eu-west-1",
  COGNITO_USER_POOL_ID: "eu-west-1_AbC123xyz",
  COGNITO_CLIENT_ID: "4n5ltk0example0client0id",
  SESSION_SECRET: "s".repeat(32) + "-unit-test-session-secret",
} as const satisfies Record<string, string>;

export const CLIENT_SECRET = "k7s0e1x2a3m4p5l6e7c8l9i0e1n2t3s4e5c6r7e8t9";

export function testConfig(overrides: Record<string, string | undefined> = {}): AuthConfig {
  return loadConfig({ ...BASE_ENV, ...overrides });
}
