/**
 * The one access table: route pattern (+ optional method) → who may use it. Middleware, the
 * server-only DAL, API pipelines and the admin access matrix all read this table, so what is shown
 * is what is enforced. Deny by default: a path that matches no entry is served to no one.
 *
 * Patterns: `/a/b` exact, `[name]` one segment captured as a parameter, `**` any trailing segments
 * (including none). The first matching entry wins, so specific entries go first.
 */
export const ANY = "*";

export interface AccessPolicy {
  /** Roles allowed (custom:role or a group); ["*"] = any signed-in user. */
  roles: readonly string[];
  /** Teams allowed; ["*"] = any team; "[param]" = the team named by that route parameter. */
  teams: readonly string[];
  /** Roles that pass the team check whatever their team (admins see every team). */
  anyTeamRoles?: readonly string[];
}

export type RouteAccess = { public: true } | { public?: false; policy: AccessPolicy };

export interface PolicyEntry {
  pattern: string;
  methods?: readonly string[];
  access: RouteAccess;
  /** Shown in the admin access matrix. */
  label?: string;
  /** HTTP status the route is served with, when not 200 (the forbidden page answers 403). */
  status?: number;
}

const PUBLIC: RouteAccess = { public: true };
const signedIn: AccessPolicy = { roles: [ANY], teams: [ANY] };
const adminOnly: AccessPolicy = { roles: ["admin"], teams: [ANY] };
const staffOrAdmin: AccessPolicy = { roles: ["admin", "staff"], teams: [ANY] };

export const POLICY_TABLE: readonly PolicyEntry[] = [
  { pattern: "/", access: PUBLIC, label: "Home" },
  { pattern: "/login", access: PUBLIC, label: "Sign in" },
  { pattern: "/forbidden", access: PUBLIC, label: "Forbidden", status: 403 },
  { pattern: "/dashboard", access: { policy: signedIn }, label: "Dashboard" },
  { pattern: "/admin/**", access: { policy: adminOnly }, label: "Admin" },
  { pattern: "/customers/**", access: { policy: staffOrAdmin }, label: "Customers" },
  {
    pattern: "/teams/[team]",
    access: { policy: { roles: [ANY], teams: ["[team]"], anyTeamRoles: ["admin"] } },
    label: "Team page",
  },
  // A pair of identical pages that differ only in their policy: `npm run bench` measures what the
  // auth gate costs a page render. They show nothing but static text.
  { pattern: "/bench/public", access: PUBLIC },
  { pattern: "/bench/protected", access: { policy: signedIn } },
  // Auth endpoints authenticate the caller themselves (sign-in cannot require a session).
  { pattern: "/api/auth/**", access: PUBLIC },
  { pattern: "/api/health", access: PUBLIC },
  { pattern: "/api/customers/[id]", methods: ["DELETE"], access: { policy: adminOnly }, label: "Delete a customer" },
  { pattern: "/api/customers/**", access: { policy: staffOrAdmin }, label: "Customers API" },
];

export interface PolicyMatch {
  entry: PolicyEntry;
  params: Record<string, string>;
}

/** Matches `pattern` against `pathname`, returning captured parameters or null. */
export function matchPattern(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split("/").filter(Boolean);
  const have = pathname.split("/").filter(Boolean);
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const seg = want[i]!;
    if (seg === "**") return i === want.length - 1 ? params : null;
    const got = have[i];
    if (got === undefined) return null;
    const param = /^\[(\w+)\]$/.exec(seg);
    if (param) {
      let value: string;
      try {
        value = decodeURIComponent(got);
      } catch {
        return null;
      }
      params[param[1]!] = value;
    } else if (seg !== got) return null;
  }
  return have.length === want.length ? params : null;
}

export function findPolicy(pathname: string, method = "GET", table: readonly PolicyEntry[] = POLICY_TABLE): PolicyMatch | null {
  const verb = method.toUpperCase();
  // HEAD reads like GET.
  const effective = verb === "HEAD" ? "GET" : verb;
  for (const entry of table) {
    if (entry.methods && !entry.methods.includes(effective)) continue;
    const params = matchPattern(entry.pattern, pathname);
    if (params) return { entry, params };
  }
  return null;
}
