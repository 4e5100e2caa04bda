import { describe, expect, it } from "vitest";
import { authorize, checkRoles, checkTeams, resolveTeams } from "@/lib/auth/authorize";
import type { User } from "@/lib/auth/claims";
import { findPolicy, type AccessPolicy } from "@/lib/auth/policy";

function user(role: string | undefined, team: string | undefined, groups: string[] = [], tokenUse: User["tokenUse"] = "id"): User {
  return {
    sub: `sub-${role}`,
    username: role ?? "nobody",
    roles: [...new Set([...(role ? [role] : []), ...groups])],
    team,
    groups,
    tokenUse,
  };
}

// The seed's demo users.
const alice = user("admin", "platform", ["admin"]);
const bob = user("staff", "sales");
const carol = user("viewer", "support");
const dave = user("staff", "support");

const staffOrAdmin: AccessPolicy = { roles: ["admin", "staff"], teams: ["*"] };
const teamPage: AccessPolicy = { roles: ["*"], teams: ["[team]"], anyTeamRoles: ["admin"] };

describe("checkRoles (the seed's check_roles)", () => {
  it("lets anyone through ['*']", () => {
    expect(checkRoles(user(undefined, undefined), ["*"])).toEqual({ ok: true });
  });

  it.each([
    ["alice", alice, true],
    ["bob", bob, true],
    ["dave", dave, true],
    ["carol", carol, false],
  ])("staff-or-admin: %s → %s", (_name, who, ok) => {
    expect(checkRoles(who, ["admin", "staff"]).ok).toBe(ok);
  });

  it("names the refused role exactly as the seed does", () => {
    expect(checkRoles(carol, ["admin", "staff"])).toEqual({ ok: false, source: "roleCheck", desc: "Role of user is not allowed: viewer" });
  });

  it("lets a group grant a role the custom attribute does not", () => {
    const viewerInStaffGroup = user("viewer", "support", ["staff"]);
    expect(checkRoles(viewerInStaffGroup, ["staff"])).toEqual({ ok: true });
  });

  it("says 'none' for a user without roles", () => {
    expect(checkRoles(user(undefined, "sales"), ["admin"])).toEqual({ ok: false, source: "roleCheck", desc: "Role of user is not allowed: none" });
  });

  it("compares roles exactly", () => {
    expect(checkRoles(user("Admin", "x"), ["admin"]).ok).toBe(false);
    expect(checkRoles(user("admins", "x"), ["admin"]).ok).toBe(false);
  });
});

describe("checkTeams (the seed's check_teams)", () => {
  it("lets any team through ['*']", () => {
    expect(checkTeams(user("viewer", undefined), ["*"])).toEqual({ ok: true });
  });

  it("allows the listed teams only", () => {
    expect(checkTeams(dave, ["support"])).toEqual({ ok: true });
    expect(checkTeams(bob, ["support"])).toEqual({ ok: false, source: "teamCheck", desc: "Team of user is not allowed: sales" });
  });

  it("resolves [team] from the route parameters", () => {
    expect(checkTeams(bob, ["[team]"], { team: "sales" })).toEqual({ ok: true });
    expect(checkTeams(bob, ["[team]"], { team: "support" })).toEqual({ ok: false, source: "teamCheck", desc: "Team of user is not allowed: sales" });
    expect(checkTeams(bob, ["[team]"], {}).ok).toBe(false);
  });

  it("lets anyTeamRoles through whatever their team", () => {
    expect(checkTeams(alice, ["[team]"], { team: "sales" }, ["admin"])).toEqual({ ok: true });
    expect(checkTeams(bob, ["[team]"], { team: "support" }, ["admin"]).ok).toBe(false);
  });

  it("explains that an access token carries no team", () => {
    const decision = checkTeams(user(undefined, undefined, ["staff"], "access"), ["sales"]);
    expect(decision).toMatchObject({ ok: false, source: "teamCheck" });
    expect(decision.ok === false && decision.desc).toMatch(/token carries no team/i);
  });

  it("says an ID token user simply has no team", () => {
    expect(checkTeams(user("staff", undefined), ["sales"])).toEqual({ ok: false, source: "teamCheck", desc: "User has no team" });
  });
});

describe("resolveTeams", () => {
  it("replaces parameter references and keeps literal teams", () => {
    expect(resolveTeams(["[team]", "platform"], { team: "sales" })).toEqual(["sales", "platform"]);
    expect(resolveTeams(["[team]"], {})).toEqual([""]);
  });
});

describe("authorize", () => {
  it.each([
    ["alice", alice, "sales", true],
    ["alice", alice, "platform", true],
    ["bob", bob, "sales", true],
    ["bob", bob, "support", false],
    ["carol", carol, "support", true],
    ["carol", carol, "sales", false],
    ["dave", dave, "support", true],
  ])("team page: %s on /teams/%s → %s", (_name, who, team, ok) => {
    const match = findPolicy(`/teams/${team}`);
    if (!match || match.entry.access.public) throw new Error("team page is not protected");
    expect(authorize(who, match.entry.access.policy, match.params).ok).toBe(ok);
  });

  it("checks roles before teams", () => {
    expect(authorize(carol, { roles: ["admin"], teams: ["sales"] })).toEqual({ ok: false, source: "roleCheck", desc: "Role of user is not allowed: viewer" });
  });

  it("runs the team check once the role check passes", () => {
    expect(authorize(bob, { roles: ["staff"], teams: ["support"] })).toEqual({ ok: false, source: "teamCheck", desc: "Team of user is not allowed: sales" });
    expect(authorize(bob, staffOrAdmin)).toEqual({ ok: true });
    expect(authorize(carol, teamPage, { team: "support" })).toEqual({ ok: true });
  });

  it("refuses a team page to an access-token caller, naming the missing team", () => {
    const accessUser = user(undefined, undefined, ["staff"], "access");
    const decision = authorize(accessUser, teamPage, { team: "sales" });
    expect(decision).toMatchObject({ ok: false, source: "teamCheck" });
    expect(decision.ok === false && decision.desc).toMatch(/no team/);
  });
});
