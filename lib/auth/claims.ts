import type { AuthConfig } from "./config";
import type { VerifiedToken } from "./verify";

/** The signed-in user as the app sees it, derived only from verified claims. */
export interface User {
  sub: string;
  username: string;
  email?: string;
  /** custom:role plus every cognito:groups entry, deduplicated. */
  roles: string[];
  /** custom:team; access tokens carry none unless a pre-token-generation trigger adds it. */
  team?: string;
  groups: string[];
  tokenUse: VerifiedToken["use"];
}

type ClaimNames = AuthConfig["claims"];

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string" && v.length > 0);
  // Some token customisations emit groups as one space- or comma-separated string.
  const one = text(value);
  return one ? one.split(/[\s,]+/).filter(Boolean) : [];
}

export function userFromClaims({ use, claims }: VerifiedToken, names: ClaimNames): User {
  const groups = list(claims[names.groups]);
  const role = text(claims[names.role]);
  const roles = [...new Set([...(role ? [role] : []), ...groups])];
  return {
    sub: String(claims.sub ?? ""),
    // ID tokens name the user in cognito:username, access tokens in username.
    username: text(claims["cognito:username"]) ?? text(claims.username) ?? String(claims.sub ?? ""),
    email: text(claims.email),
    roles,
    team: text(claims[names.team]),
    groups,
    tokenUse: use,
  };
}
