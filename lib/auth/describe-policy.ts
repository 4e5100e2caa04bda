import { resolveTeams } from "./authorize";
import { ANY, type AccessPolicy } from "./policy";

/** Human wording of a policy, for the forbidden page and the admin access matrix. */
export function describeRoles(policy: AccessPolicy): string {
  return policy.roles.includes(ANY) ? "any signed-in user" : policy.roles.join(" or ");
}

export function describeTeams(policy: AccessPolicy, params: Readonly<Record<string, string>> = {}): string {
  if (policy.teams.includes(ANY)) return "any team";
  const teams = resolveTeams(policy.teams, params).join(" or ");
  const bypass = policy.anyTeamRoles?.length ? ` (or the role ${policy.anyTeamRoles.join(" or ")})` : "";
  return `${teams}${bypass}`;
}
