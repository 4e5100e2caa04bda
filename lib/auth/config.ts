import { z } from "zod";

/**
 * Everything the auth layer needs from the environment, validated once.
 * Edge-safe: middleware reads the same config as route handlers.
 */
export interface AuthConfig {
  region: string;
  userPoolId: string;
  clientId: string;
  clientSecret?: string;
  /** Cognito API endpoint override; only honoured in local (emulator) mode. */
  endpoint?: string;
  localMode: boolean;
  /** Derived from region/pool (or the emulator endpoint), never read from a token. */
  issuer: string;
  jwksUri: string;
  /** iron-session password map: the highest id seals, every id unseals (rotation). */
  sessionSecrets: Record<string, string>;
  sessionMaxAgeSeconds: number;
  claims: { role: string; team: string; groups: string };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid auth configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const MIN_SECRET = 32;
const secret = z.string().min(MIN_SECRET, `must be at least ${MIN_SECRET} characters`);

// SESSION_SECRET is either one secret or a JSON map {"2":"new…","1":"old…"} during rotation.
const sessionSecret = z
  .string({ error: "is required" })
  .min(1, "is required")
  .transform((raw, ctx): Record<string, string> => {
    if (!raw.trimStart().startsWith("{")) {
      const one = secret.safeParse(raw);
      if (!one.success) {
        ctx.addIssue({ code: "custom", message: one.error.issues[0]?.message ?? "is invalid" });
        return z.NEVER;
      }
      return { "1": raw };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      ctx.addIssue({ code: "custom", message: "looks like JSON but does not parse" });
      return z.NEVER;
    }
    const map = z
      .record(z.string().regex(/^\d+$/, "keys must be numeric ids"), secret)
      .refine((m) => Object.keys(m).length > 0, "must hold at least one secret")
      .safeParse(parsed);
    if (!map.success) {
      const first = map.error.issues[0];
      ctx.addIssue({ code: "custom", message: `map ${first?.path.join(".") ?? ""} ${first?.message ?? "is invalid"}`.trim() });
      return z.NEVER;
    }
    return map.data;
  });

const flag = z
  .enum(["", "0", "1", "false", "true"], { error: "must be 1/true or 0/false" })
  .optional()
  .transform((v) => v === "1" || v === "true");

const schema = z.object({
  COGNITO_REGION: z.string({ error: "is required" }).regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region such as eu-west-1"),
  COGNITO_USER_POOL_ID: z.string({ error: "is required" }).regex(/^[\w-]+_[0-9a-zA-Z]+$/, "must look like <region>_<id>"),
  COGNITO_CLIENT_ID: z.string({ error: "is required" }).regex(/^[\w+]{1,128}$/, "must be an app client id"),
  COGNITO_CLIENT_SECRET: z.string().min(1).optional(),
  COGNITO_ENDPOINT: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  COGNITO_LOCAL: flag,
  SESSION_SECRET: sessionSecret,
  SESSION_MAX_AGE_SECONDS: z.coerce.number().int().min(300).max(3650 * 86400).default(30 * 86400),
  AUTH_ROLE_CLAIM: z.string().min(1).default("custom:role"),
  AUTH_TEAM_CLAIM: z.string().min(1).default("custom:team"),
  AUTH_GROUPS_CLAIM: z.string().min(1).default("cognito:groups"),
});

type Env = Record<string, string | undefined>;

/** Validates `env`; throws one ConfigError naming every bad variable. */
export function loadConfig(env: Env): AuthConfig {
  // Empty strings (`FOO=` in a .env file) mean "unset".
  const input = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, env[k] === "" ? undefined : env[k]]));
  const parsed = schema.safeParse(input);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${String(issue.path[0])} ${issue.message}`);
  // Cross-variable rules are checked on the raw input too, so one message names every problem.
  const local = input.COGNITO_LOCAL === "1" || input.COGNITO_LOCAL === "true";
  if (input.COGNITO_ENDPOINT && !local) {
    // The emulator's signing key is public: trusting its issuer outside local mode would accept forged tokens.
    problems.push("COGNITO_ENDPOINT is only allowed with COGNITO_LOCAL=1 (an emulator's signing key is public)");
  }
  if (local && !input.COGNITO_ENDPOINT) problems.push("COGNITO_ENDPOINT is required when COGNITO_LOCAL=1");
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const e = parsed.data;

  const endpoint = e.COGNITO_ENDPOINT?.replace(/\/+$/, "");
  const issuer = endpoint
    ? `${endpoint}/${e.COGNITO_USER_POOL_ID}`
    : `https://cognito-idp.${e.COGNITO_REGION}.amazonaws.com/${e.COGNITO_USER_POOL_ID}`;
  return {
    region: e.COGNITO_REGION,
    userPoolId: e.COGNITO_USER_POOL_ID,
    clientId: e.COGNITO_CLIENT_ID,
    clientSecret: e.COGNITO_CLIENT_SECRET,
    endpoint,
    localMode: e.COGNITO_LOCAL,
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    sessionSecrets: e.SESSION_SECRET,
    sessionMaxAgeSeconds: e.SESSION_MAX_AGE_SECONDS,
    claims: { role: e.AUTH_ROLE_CLAIM, team: e.AUTH_TEAM_CLAIM, groups: e.AUTH_GROUPS_CLAIM },
  };
}

let cached: AuthConfig | undefined;

/** The process's config, validated on first use. */
export function getConfig(): AuthConfig {
  cached ??= loadConfig(process.env);
  return cached;
}
