import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { User } from "@/lib/auth/claims";
import { AppError, type ErrorEnvelope } from "@/lib/auth/errors";
import { assignableTeams, mayPerform, teamScope } from "@/lib/customers/access";
import { openCustomersDb, type Db } from "@/lib/customers/db";
import { selectCustomer, selectCustomers } from "@/lib/customers/repository";
import { createCustomerSchema, parseListQuery, updateCustomerSchema, type Customer, type ListQuery } from "@/lib/customers/schemas";
import { createCustomer, deleteCustomer, getCustomer, listCustomers, updateCustomer } from "@/lib/customers/service";
import { parseWith } from "@/lib/auth/http";

function user(sub: string, roles: string[], team?: string, tokenUse: User["tokenUse"] = "id"): User {
  return { sub, username: sub, roles, team, groups: roles.filter((r) => r !== "viewer"), tokenUse };
}
const alice = user("alice", ["admin"], "platform");
const bob = user("bob", ["staff"], "sales");
const carol = user("carol", ["viewer"], "support");
const bobAccess = user("bob", ["staff"], undefined, "access");
const aliceAccess = user("alice", ["admin"], undefined, "access");

let db: Db;
let salesCustomer: Customer;
let supportCustomer: Customer;
beforeEach(() => {
  db = openCustomersDb(":memory:");
  const everyone = selectCustomers(db, { page: 1, pageSize: 100 }).items;
  salesCustomer = everyone.find((c) => c.team === "sales")!;
  supportCustomer = everyone.find((c) => c.team === "support")!;
});
afterEach(() => db.close());

const query = (q: Partial<ListQuery> = {}): ListQuery => ({ page: 1, pageSize: 100, ...q });

/** The error envelope a thrown AppError would produce. */
function refusal(work: () => unknown): ErrorEnvelope["error"] {
  try {
    work();
  } catch (err) {
    if (err instanceof AppError) return err.toJSON().error;
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("listing", () => {
  it("shows admins every team, or the team they ask for", () => {
    const everything = listCustomers(db, alice, query());
    expect(new Set(everything.items.map((c) => c.team))).toEqual(new Set(["platform", "sales", "support"]));
    const support = listCustomers(db, alice, query({ team: "support" }));
    expect(support.items.length).toBeGreaterThan(0);
    expect(support.items.every((c) => c.team === "support")).toBe(true);
    expect(listCustomers(db, aliceAccess, query()).total).toBe(everything.total);
  });

  it("forces staff onto their own team, ignoring a team they ask for", () => {
    const own = listCustomers(db, bob, query());
    expect(own.total).toBeGreaterThan(0);
    expect(own.items.every((c) => c.team === "sales")).toBe(true);
    expect(listCustomers(db, bob, query({ team: "support" }))).toEqual(own);
  });

  it("returns the page it was asked for", () => {
    const page2 = listCustomers(db, alice, query({ page: 2, pageSize: 5 }));
    expect(page2).toMatchObject({ page: 2, pageSize: 5 });
    expect(page2.items).toHaveLength(5);
    expect(page2.items[0]).toEqual(listCustomers(db, alice, query({ pageSize: 10 })).items[5]);
  });

  it("refuses viewers with roleCheck", () => {
    expect(refusal(() => listCustomers(db, carol, query()))).toMatchObject({
      status: 403,
      details: [{ source: "roleCheck", desc: "Role of user is not allowed: viewer" }],
    });
  });

  it("refuses staff whose token carries no team with teamCheck", () => {
    expect(refusal(() => listCustomers(db, bobAccess, query()))).toMatchObject({
      status: 403,
      details: [{ source: "teamCheck", desc: "Token carries no team: use an ID token for team-scoped requests" }],
    });
  });
});

describe("reading one customer", () => {
  it("shows admins any customer and staff their team's", () => {
    expect(getCustomer(db, alice, supportCustomer.id)).toEqual(supportCustomer);
    expect(getCustomer(db, bob, salesCustomer.id)).toEqual(salesCustomer);
  });

  it("answers another team's customer exactly like a missing or malformed id (404)", () => {
    const otherTeam = refusal(() => getCustomer(db, bob, supportCustomer.id));
    const missing = refusal(() => getCustomer(db, bob, "00000000-0000-4000-8000-000000000000"));
    const malformed = refusal(() => getCustomer(db, bob, "../../etc/passwd"));
    expect(otherTeam).toMatchObject({ status: 404, code: "NotFound" });
    expect(missing).toEqual(otherTeam);
    expect(malformed).toEqual(otherTeam);
  });

  it("refuses viewers (403) before looking anything up", () => {
    expect(refusal(() => getCustomer(db, carol, supportCustomer.id)).status).toBe(403);
  });
});

describe("creating", () => {
  const input = (team: "platform" | "sales" | "support", email = `${team}-new@example.com`) =>
    parseWith(createCustomerSchema, { name: "New Co", email, team });

  it("lets admins create for any team and staff for their own", () => {
    const a = createCustomer(db, alice, input("support"));
    expect(selectCustomer(db, a.id)).toMatchObject({ team: "support", status: "active" });
    const b = createCustomer(db, bob, input("sales"));
    expect(getCustomer(db, bob, b.id)).toEqual(b);
  });

  it("refuses staff creating for another team with teamCheck, writing nothing", () => {
    const before = selectCustomers(db, { page: 1, pageSize: 1 }).total;
    expect(refusal(() => createCustomer(db, bob, input("support")))).toMatchObject({
      status: 403,
      details: [{ source: "teamCheck", desc: "Team of user is not allowed: sales" }],
    });
    expect(selectCustomers(db, { page: 1, pageSize: 1 }).total).toBe(before);
  });

  it("refuses viewers and team-less tokens", () => {
    expect(refusal(() => createCustomer(db, carol, input("support"))).details[0]?.source).toBe("roleCheck");
    expect(refusal(() => createCustomer(db, bobAccess, input("sales"))).details[0]?.source).toBe("teamCheck");
  });

  it("answers 409 for an email already used, in any case", () => {
    createCustomer(db, alice, input("sales", "taken@example.com"));
    expect(refusal(() => createCustomer(db, bob, input("sales", "TAKEN@example.com"))).status).toBe(409);
  });
});

describe("updating", () => {
  it("lets staff edit their team's customer", () => {
    const updated = updateCustomer(db, bob, salesCustomer.id, { status: "churned" });
    expect(updated).toMatchObject({ id: salesCustomer.id, status: "churned", team: "sales" });
    expect(selectCustomer(db, salesCustomer.id)).toEqual(updated);
  });

  it("hides another team's customer from staff (404) and leaves it alone", () => {
    expect(refusal(() => updateCustomer(db, bob, supportCustomer.id, { name: "Hijacked" })).status).toBe(404);
    expect(selectCustomer(db, supportCustomer.id)).toEqual(supportCustomer);
  });

  it("refuses staff moving a customer to another team (403 teamCheck) and changes nothing", () => {
    expect(refusal(() => updateCustomer(db, bob, salesCustomer.id, { team: "support", name: "Moved" }))).toMatchObject({
      status: 403,
      details: [{ source: "teamCheck" }],
    });
    expect(selectCustomer(db, salesCustomer.id)).toEqual(salesCustomer);
  });

  it("lets admins move a customer", () => {
    expect(updateCustomer(db, alice, salesCustomer.id, { team: "platform" }).team).toBe("platform");
  });

  it("rolls back on a duplicate email", () => {
    expect(refusal(() => updateCustomer(db, bob, salesCustomer.id, { email: supportCustomer.email, name: "X" })).status).toBe(409);
    expect(selectCustomer(db, salesCustomer.id)).toEqual(salesCustomer);
  });
});

describe("deleting", () => {
  it("is for admins only (the policy table's DELETE entry)", () => {
    expect(refusal(() => deleteCustomer(db, bob, salesCustomer.id))).toMatchObject({
      status: 403,
      details: [{ source: "roleCheck", desc: "Role of user is not allowed: staff" }],
    });
    expect(selectCustomer(db, salesCustomer.id)).toEqual(salesCustomer);
    deleteCustomer(db, alice, salesCustomer.id);
    expect(selectCustomer(db, salesCustomer.id)).toBeNull();
    expect(refusal(() => deleteCustomer(db, alice, salesCustomer.id)).status).toBe(404);
  });
});

describe("access helpers for the page", () => {
  it("say what each user may do, from the same rules", () => {
    expect(["list", "read", "create", "update", "delete"].filter((op) => mayPerform(alice, op as never))).toEqual([
      "list",
      "read",
      "create",
      "update",
      "delete",
    ]);
    expect(["list", "create", "update", "delete"].filter((op) => mayPerform(bob, op as never))).toEqual(["list", "create", "update"]);
    expect(mayPerform(carol, "list")).toBe(false);
    expect(assignableTeams(alice)).toEqual(["platform", "sales", "support"]);
    expect(assignableTeams(bob)).toEqual(["sales"]);
    expect(teamScope(bob)).toEqual({ every: false, team: "sales" });
    expect(teamScope(alice)).toEqual({ every: true });
  });
});

describe("input validation", () => {
  const bad = (work: () => unknown) => refusal(work);

  it("gives one detail per bad field, named body.<field>", () => {
    const error = bad(() => parseWith(createCustomerSchema, { name: "", email: "nope", team: "marketing", status: "gone" }));
    expect(error.status).toBe(400);
    expect(error.details.map((d) => d.source).sort()).toEqual(["body.email", "body.name", "body.status", "body.team"]);
  });

  it("requires the fields, refuses unknown ones, and trims", () => {
    expect(bad(() => parseWith(createCustomerSchema, {})).details).toEqual(
      expect.arrayContaining([{ source: "body.name", desc: "is required" }, { source: "body.email", desc: "is required" }]),
    );
    expect(bad(() => parseWith(createCustomerSchema, { name: "a", email: "a@b.co", team: "sales", id: "x" })).details).toEqual([
      { source: "body.id", desc: "is not allowed" },
    ]);
    expect(parseWith(createCustomerSchema, { name: "  Trim  ", email: " t@example.com ", team: "sales" })).toEqual({
      name: "Trim",
      email: "t@example.com",
      team: "sales",
      status: "active",
    });
  });

  it("refuses an empty or unknown patch", () => {
    expect(bad(() => parseWith(updateCustomerSchema, {})).status).toBe(400);
    expect(bad(() => parseWith(updateCustomerSchema, { createdAt: "2020-01-01" })).status).toBe(400);
    expect(parseWith(updateCustomerSchema, { status: "churned" })).toEqual({ status: "churned" });
  });

  it("parses list queries with defaults and bounds", () => {
    expect(parseListQuery(new URLSearchParams(""))).toEqual({ page: 1, pageSize: 20 });
    expect(parseListQuery(new URLSearchParams("page=3&pageSize=100&q=%20acme%20&team=sales"))).toEqual({
      page: 3,
      pageSize: 100,
      q: "acme",
      team: "sales",
    });
    expect(parseListQuery(new URLSearchParams("q=%20%20")).q).toBeUndefined();
    const cases: [string, string][] = [
      ["pageSize=101", "query.pageSize"],
      ["pageSize=0", "query.pageSize"],
      ["page=abc", "query.page"],
      ["page=1.5", "query.page"],
      ["team=marketing", "query.team"],
      [`q=${"x".repeat(101)}`, "query.q"],
      ["page=1&page=2", "query.page"],
    ];
    for (const [search, source] of cases) {
      const error = bad(() => parseListQuery(new URLSearchParams(search)));
      expect(error.status, search).toBe(400);
      expect(error.details[0]?.source, search).toBe(source);
    }
    expect(bad(() => parseListQuery(new URLSearchParams("sort=name"))).details).toEqual([{ source: "query.sort", desc: "is not allowed" }]);
  });
});
