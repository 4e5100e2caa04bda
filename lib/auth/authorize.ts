import type { User } from "./claims";
import { ANY, type AccessPolicy } from "./policy";

/**
 * The seed's check_roles + check_teams as one pure rule, used by middleware, pages and API pipelines.
 * A user passes the role check when any of their roles (custom:role plus groups) is allowed.
 */
export type Decision = { ok: true } | { ok: false; source: "roleCheck" | "teamCheck"; desc: string };

export function checkRoles(user: User, allowed: readonly string[]): Decision {
  if (allowed.includes(ANY) || user.roles.some((role) => allowed.includes(role))) return { ok: true };
  return { ok: false, source: "roleCheck", desc: `Role of user is not allowed: ${user.roles.join(", ") || "none"}` };
}

export function checkTeams(
  user: User,
  allowed: readonly string[],
  params: Readonly<Record<string, string>> = {},
  anyTeamRoles: readonly string[] = [],
): Decision {
  if (allowed.includes(ANY)) return { ok: true };
  if (user.roles.some((role) => anyTeamRoles.includes(role))) return { ok: true };
  if (!user.team) {
    const desc =
      user.tokenUse === "access" ? "Token carries no team: use an ID token for team-scoped requests" : "User has no team";
    return { ok: false, source: "teamCheck", desc };
  }
  const teams = resolveTeams(allowed, params);
  if (teams.includes(user.team)) return { ok: true };
  return { ok: false, source: "teamCheck", desc: `Team of user is not allowed: ${user.team}` };
}

/** "[team]" in a policy names the route parameter holding the team. */
export function resolveTeams(allowed: readonly string[], params: Readonly<Record<string, string>>): string[] {
  return allowed.map((team) => {
    const param = /^\[(\w+)\]$/.exec(team);
    return param ? (params[param[1]!] ?? "") : team;
  });
}

export function authorize(user: User, policy: AccessPolicy, params: Readonly<Record<string, string>> = {}): Decision {
  const roles = checkRoles(user, policy.roles);
  if (!roles.ok) return roles;
  return checkTeams(user, policy.teams, params, policy.anyTeamRoles);
}
