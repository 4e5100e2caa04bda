import { authorize, checkTeams, type Decision } from "../auth/authorize";
import type { User } from "../auth/claims";
import { findPolicy } from "../auth/policy";
import { forbiddenError } from "../auth/pipeline";
import { TEAMS, type Team } from "./schemas";

/**
 * Who may do what with customers. Role rules come from the one policy table (each operation is
 * named by its API route, so the /customers page offers exactly what the API allows); team rules
 * come from checkTeams. Nothing here restates a role list the table already holds.
 */
export type CustomerOperation = "list" | "read" | "create" | "update" | "delete";

const OPERATION_ROUTES: Record<CustomerOperation, { method: string; path: string }> = {
  list: { method: "GET", path: "/api/customers" },
  read: { method: "GET", path: "/api/customers/_" },
  create: { method: "POST", path: "/api/customers" },
  update: { method: "PATCH", path: "/api/customers/_" },
  delete: { method: "DELETE", path: "/api/customers/_" },
};

/** Roles that act on every team's customers; everyone else only on their own team's. */
export const EVERY_TEAM_ROLES: readonly string[] = ["admin"];

export type OperationDecision = Decision | { ok: false; source: "policy"; desc: string };

export function operationDecision(user: User, operation: CustomerOperation): OperationDecision {
  const { method, path } = OPERATION_ROUTES[operation];
  const match = findPolicy(path, method);
  if (!match) return { ok: false, source: "policy", desc: "No access policy covers this operation" };
  if (match.entry.access.public) return { ok: true };
  return authorize(user, match.entry.access.policy, match.params);
}

export function mayPerform(user: User, operation: CustomerOperation): boolean {
  return operationDecision(user, operation).ok;
}

export function assertMayPerform(user: User, operation: CustomerOperation): void {
  const decision = operationDecision(user, operation);
  if (!decision.ok) throw forbiddenError(decision);
}

/** May `user` act on customers of `team`? */
export function teamDecision(user: User, team: string): Decision {
  return checkTeams(user, [team], {}, EVERY_TEAM_ROLES);
}

export type TeamScope = { every: true } | { every: false; team: string };

/**
 * The teams whose customers `user` sees. A user with neither an every-team role nor a team (an
 * access token carries no team) is refused with checkTeams' own explanation.
 */
export function teamScope(user: User): TeamScope {
  // With no team allowed, only the every-team roles pass.
  const every = checkTeams(user, [], {}, EVERY_TEAM_ROLES);
  if (every.ok) return { every: true };
  if (!user.team) throw forbiddenError(every);
  return { every: false, team: user.team };
}

/** The teams `user` may file a customer under (for forms). */
export function assignableTeams(user: User): Team[] {
  return TEAMS.filter((team) => teamDecision(user, team).ok);
}
