import { describe, expect, it } from "vitest";
import { userFromClaims } from "@/lib/auth/claims";
import type { VerifiedToken } from "@/lib/auth/verify";
import { testConfig } from "./support/config";

const names = testConfig().claims;

function id(claims: Record<string, unknown>): VerifiedToken {
  return { use: "id", claims };
}

describe("userFromClaims", () => {
  it("maps a Cognito ID token to the user", () => {
    const user = userFromClaims(
      id({
        sub: "sub-bob",
        "cognito:username": "bob",
        email: "bob@example.com",
        "custom:role": "staff",
        "custom:team": "sales",
        "cognito:groups": ["staff"],
      }),
      names,
    );
    expect(user).toEqual({
      sub: "sub-bob",
      username: "bob",
      email: "bob@example.com",
      roles: ["staff"],
      team: "sales",
      groups: ["staff"],
      tokenUse: "id",
    });
  });

  it("joins custom:role and groups into roles, without duplicates, role first", () => {
    const user = userFromClaims(id({ sub: "s", "custom:role": "staff", "cognito:groups": ["admin", "staff", "admin"] }), names);
    expect(user.roles).toEqual(["staff", "admin"]);
    expect(user.groups).toEqual(["admin", "staff", "admin"]);
  });

  it("gives an access token (no custom claims) its groups as roles and no team", () => {
    const user = userFromClaims(
      { use: "access", claims: { sub: "sub-alice", username: "alice", client_id: "c", "cognito:groups": ["admin", "platform-ops"] } },
      names,
    );
    expect(user.roles).toEqual(["admin", "platform-ops"]);
    expect(user.team).toBeUndefined();
    expect(user.email).toBeUndefined();
    expect(user.tokenUse).toBe("access");
  });

  it("has no roles when the token has neither a role nor groups", () => {
    expect(userFromClaims(id({ sub: "s" }), names).roles).toEqual([]);
  });

  it("reads the claim names it is configured with", () => {
    const custom = testConfig({ AUTH_ROLE_CLAIM: "custom:job", AUTH_TEAM_CLAIM: "custom:dept", AUTH_GROUPS_CLAIM: "groups" }).claims;
    const claims = {
      sub: "s",
      "custom:job": "viewer",
      "custom:dept": "support",
      groups: ["auditor"],
      // The default names are present too and must be ignored.
      "custom:role": "admin",
      "custom:team": "platform",
      "cognito:groups": ["admin"],
    };
    const user = userFromClaims(id(claims), custom);
    expect(user.roles).toEqual(["viewer", "auditor"]);
    expect(user.team).toBe("support");
    expect(user.groups).toEqual(["auditor"]);
  });

  it("splits groups given as one space- or comma-separated string", () => {
    expect(userFromClaims(id({ sub: "s", "cognito:groups": "admin staff,viewer" }), names).groups).toEqual(["admin", "staff", "viewer"]);
  });

  it("drops non-string and empty group entries and ignores a non-string role or team", () => {
    const user = userFromClaims(id({ sub: "s", "custom:role": 7, "custom:team": "", "cognito:groups": ["staff", 3, "", null] }), names);
    expect(user.roles).toEqual(["staff"]);
    expect(user.team).toBeUndefined();
  });

  it("names the user by cognito:username on ID tokens, username on access tokens, else sub", () => {
    expect(userFromClaims(id({ sub: "s", "cognito:username": "carol", username: "other" }), names).username).toBe("carol");
    expect(userFromClaims({ use: "access", claims: { sub: "s", username: "carol" } }, names).username).toBe("carol");
    expect(userFromClaims(id({ sub: "only-sub" }), names).username).toBe("only-sub");
  });
});
