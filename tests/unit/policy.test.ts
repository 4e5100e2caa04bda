import { describe, expect, it } from "vitest";
import { findPolicy, matchPattern, POLICY_TABLE, type AccessPolicy, type PolicyEntry } from "@/lib/auth/policy";

describe("matchPattern", () => {
  it("matches exact paths, ignoring a trailing slash", () => {
    expect(matchPattern("/dashboard", "/dashboard")).toEqual({});
    expect(matchPattern("/dashboard", "/dashboard/")).toEqual({});
    expect(matchPattern("/", "/")).toEqual({});
  });

  it("makes no partial or prefix matches", () => {
    expect(matchPattern("/admin/**", "/admin-x")).toBeNull();
    expect(matchPattern("/admin/**", "/administrator/users")).toBeNull();
    expect(matchPattern("/dashboard", "/dashboard/extra")).toBeNull();
    expect(matchPattern("/dashboard", "/dash")).toBeNull();
    expect(matchPattern("/", "/dashboard")).toBeNull();
    expect(matchPattern("/dashboard", "/Dashboard")).toBeNull();
  });

  it("captures [param] segments, decoded", () => {
    expect(matchPattern("/teams/[team]", "/teams/sales")).toEqual({ team: "sales" });
    expect(matchPattern("/teams/[team]", "/teams/R%26D%20ops")).toEqual({ team: "R&D ops" });
    expect(matchPattern("/api/customers/[id]/notes/[note]", "/api/customers/42/notes/7")).toEqual({ id: "42", note: "7" });
  });

  it("requires a [param] segment to be present and alone", () => {
    expect(matchPattern("/teams/[team]", "/teams")).toBeNull();
    expect(matchPattern("/teams/[team]", "/teams/sales/members")).toBeNull();
  });

  it("refuses a [param] that does not decode", () => {
    expect(matchPattern("/teams/[team]", "/teams/%E0%A4%A")).toBeNull();
  });

  it("lets ** match any trailing segments, including none", () => {
    expect(matchPattern("/admin/**", "/admin")).toEqual({});
    expect(matchPattern("/admin/**", "/admin/")).toEqual({});
    expect(matchPattern("/admin/**", "/admin/users")).toEqual({});
    expect(matchPattern("/admin/**", "/admin/users/42/edit")).toEqual({});
  });

  it("only treats ** as a trailing wildcard", () => {
    expect(matchPattern("/a/**/b", "/a/x/b")).toBeNull();
  });
});

describe("findPolicy", () => {
  const policyOf = (path: string, method?: string): AccessPolicy | "public" | null => {
    const match = findPolicy(path, method);
    if (!match) return null;
    return match.entry.access.public ? "public" : match.entry.access.policy;
  };

  it("finds public pages", () => {
    for (const path of ["/", "/login", "/forbidden", "/api/auth/sign-in", "/api/health"]) expect(policyOf(path), path).toBe("public");
  });

  it("finds protected pages and their roles", () => {
    expect(policyOf("/dashboard")).toEqual({ roles: ["*"], teams: ["*"] });
    expect(policyOf("/admin")).toMatchObject({ roles: ["admin"] });
    expect(policyOf("/admin/users")).toMatchObject({ roles: ["admin"] });
    expect(policyOf("/customers/17")).toMatchObject({ roles: ["admin", "staff"] });
  });

  it("returns the team parameter of a team page", () => {
    const match = findPolicy("/teams/support");
    expect(match?.params).toEqual({ team: "support" });
    expect(match?.entry.pattern).toBe("/teams/[team]");
  });

  it("restricts DELETE /api/customers/[id] to admins while other methods stay staff-or-admin", () => {
    expect(policyOf("/api/customers/42", "DELETE")).toMatchObject({ roles: ["admin"] });
    expect(policyOf("/api/customers/42", "delete")).toMatchObject({ roles: ["admin"] });
    expect(policyOf("/api/customers/42", "GET")).toMatchObject({ roles: ["admin", "staff"] });
    expect(policyOf("/api/customers/42", "PATCH")).toMatchObject({ roles: ["admin", "staff"] });
    expect(policyOf("/api/customers", "DELETE")).toMatchObject({ roles: ["admin", "staff"] });
  });

  it("reads HEAD like GET", () => {
    const table: PolicyEntry[] = [
      { pattern: "/x", methods: ["GET"], access: { public: true } },
      { pattern: "/x", access: { policy: { roles: ["admin"], teams: ["*"] } } },
    ];
    expect(findPolicy("/x", "HEAD", table)?.entry).toBe(table[0]);
    expect(findPolicy("/x", "head", table)?.entry).toBe(table[0]);
    expect(findPolicy("/api/customers/42", "HEAD")?.entry).toBe(findPolicy("/api/customers/42", "GET")?.entry);
    expect(policyOf("/dashboard", "HEAD")).toEqual({ roles: ["*"], teams: ["*"] });
  });

  it("denies by default: an unknown path has no policy", () => {
    for (const path of ["/unknown", "/api/unknown", "/admin-x", "/dashboardx", "/api/authx/sign-in"]) expect(findPolicy(path), path).toBeNull();
  });

  it("takes the first matching entry", () => {
    const table: PolicyEntry[] = [
      { pattern: "/reports/annual", access: { public: true } },
      { pattern: "/reports/**", access: { policy: { roles: ["admin"], teams: ["*"] } } },
      { pattern: "/reports/annual", access: { policy: { roles: ["nobody"], teams: ["*"] } } },
    ];
    expect(findPolicy("/reports/annual", "GET", table)?.entry).toBe(table[0]);
    expect(findPolicy("/reports/monthly", "GET", table)?.entry).toBe(table[1]);
  });

  it("skips method-specific entries for other methods", () => {
    const table: PolicyEntry[] = [
      { pattern: "/x", methods: ["POST"], access: { public: true } },
      { pattern: "/x", access: { policy: { roles: ["admin"], teams: ["*"] } } },
    ];
    expect(findPolicy("/x", "POST", table)?.entry).toBe(table[0]);
    expect(findPolicy("/x", "GET", table)?.entry).toBe(table[1]);
  });

  it("puts every method-specific entry before the catch-all that would shadow it", () => {
    POLICY_TABLE.forEach((entry, index) => {
      if (!entry.methods) return;
      const shadowing = POLICY_TABLE.slice(0, index).find((earlier) => !earlier.methods && matchPattern(earlier.pattern, entry.pattern.replace(/\[\w+\]/g, "p")));
      expect(shadowing, entry.pattern).toBeUndefined();
    });
  });
});
