import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";

/**
 * The customers API against the real stack (emulator + `next start`): every endpoint × alice (admin,
 * platform) / bob (staff, sales) / carol (viewer, support) / anonymous × session cookie, Bearer ID
 * token and Bearer access token. Other files share this stack, so every customer written here has a
 * unique email and no assertion depends on global counts.
 */
const baseURL = inject("baseURL");
const PASSWORD = "Demo-Passw0rd!";

type UserName = "alice" | "bob" | "carol";
type CredentialKind = "cookie" | "id" | "access";
type Caller = { user: UserName; via: CredentialKind } | { user: "anonymous"; via: "none" };

interface Customer {
  id: string;
  name: string;
  email: string;
  team: string;
  status: string;
  createdAt: string;
  updatedAt: string;
}

interface ErrorBody {
  error: { status: number; code: string; message: string; details: { source: string; desc: string }[] };
}

const credentials = {} as Record<UserName, Record<CredentialKind, Record<string, string>>>;

async function signIn(user: UserName): Promise<void> {
  const body = JSON.stringify({ username: `${user}@example.com`, password: PASSWORD });
  const headers = { "content-type": "application/json" };
  const [cookieRes, tokenRes] = await Promise.all([
    fetch(`${baseURL}/api/auth/sign-in`, { method: "POST", headers, body }),
    fetch(`${baseURL}/api/auth/token`, { method: "POST", headers, body }),
  ]);
  expect(cookieRes.status).toBe(200);
  expect(tokenRes.status).toBe(200);
  const cookie = cookieRes.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { auth } = (await tokenRes.json()) as { auth: { idToken: string; accessToken: string; refreshToken: string } };
  credentials[user] = {
    cookie: { cookie },
    id: { authorization: `Bearer ${auth.idToken}` },
    access: { authorization: `Bearer ${auth.accessToken}` },
  };
  refreshTokens[user] = auth.refreshToken;
}
const refreshTokens = {} as Record<UserName, string>;

function headersFor(caller: Caller): Record<string, string> {
  return caller.user === "anonymous" ? {} : credentials[caller.user][caller.via];
}

interface Reply<T> {
  status: number;
  headers: Headers;
  body: T;
}

async function api<T = unknown>(method: string, path: string, caller: Caller, body?: unknown, extra: Record<string, string> = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...headersFor(caller), ...extra };
  if (body !== undefined && !("content-type" in headers)) headers["content-type"] = "application/json";
  const res = await fetch(`${baseURL}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    redirect: "manual",
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
}

const adminId: Caller = { user: "alice", via: "id" };
const uniqueEmail = (tag: string) => `${tag}-${randomUUID()}@matrix.example`;

async function createAsAdmin(team: string, tag = "fixture"): Promise<Customer> {
  const res = await api<{ customer: Customer }>("POST", "/api/customers", adminId, { name: `Matrix ${tag}`, email: uniqueEmail(tag), team });
  expect(res.status).toBe(201);
  return res.body.customer;
}

/** Every refusal is the error envelope, consistent with its status. */
function expectEnvelope(reply: Reply<unknown>, status: number, source?: string): ErrorBody["error"] {
  expect(reply.status).toBe(status);
  const { error } = reply.body as ErrorBody;
  expect(error.status).toBe(status);
  expect(typeof error.code).toBe("string");
  expect(typeof error.message).toBe("string");
  expect(error.details.length).toBeGreaterThan(0);
  if (source) expect(error.details.map((d) => d.source)).toContain(source);
  if (status === 401) expect(reply.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
  return error;
}

let salesFixture: Customer;
let supportFixture: Customer;

beforeAll(async () => {
  await Promise.all((["alice", "bob", "carol"] as const).map(signIn));
  [salesFixture, supportFixture] = await Promise.all([createAsAdmin("sales"), createAsAdmin("support")]);
});

const CALLERS: Caller[] = [
  ...(["alice", "bob", "carol"] as const).flatMap((user) => (["cookie", "id", "access"] as const).map((via) => ({ user, via }))),
  { user: "anonymous", via: "none" },
];

/** What a caller gets: a status, and for refusals the detail source that explains it. */
type Outcome = { status: number; source?: string };

/**
 * The rules, stated once for the matrix. Roles: admin and staff use the API, viewers get 403, DELETE
 * is admin-only. Teams: bob (staff) acts only on sales; his access token carries no team.
 */
function expected(caller: Caller, ok: number, team: "sales" | "support" | null, adminOnly = false): Outcome {
  if (caller.user === "anonymous") return { status: 401, source: "verifyToken" };
  if (caller.user === "alice") return { status: ok };
  if (caller.user === "carol" || adminOnly) return { status: 403, source: "roleCheck" };
  if (caller.via === "access") return { status: 403, source: "teamCheck" };
  return team === "support" ? { status: 404, source: "params.id" } : { status: ok };
}

interface Endpoint {
  name: string;
  /** Runs the request for one caller (creating whatever it needs) and reports the reply. */
  run(caller: Caller): Promise<Reply<unknown>>;
  expect(caller: Caller): Outcome;
}

const ENDPOINTS: Endpoint[] = [
  {
    name: "GET /api/customers",
    run: (c) => api("GET", "/api/customers", c),
    expect: (c) => expected(c, 200, null),
  },
  {
    name: "GET /api/customers/:id (sales)",
    run: (c) => api("GET", `/api/customers/${salesFixture.id}`, c),
    expect: (c) => expected(c, 200, "sales"),
  },
  {
    name: "GET /api/customers/:id (support)",
    run: (c) => api("GET", `/api/customers/${supportFixture.id}`, c),
    expect: (c) => expected(c, 200, "support"),
  },
  {
    name: "POST /api/customers (sales)",
    run: (c) => api("POST", "/api/customers", c, { name: "Matrix created", email: uniqueEmail("post-sales"), team: "sales" }),
    expect: (c) => expected(c, 201, "sales"),
  },
  {
    name: "POST /api/customers (support)",
    run: (c) => api("POST", "/api/customers", c, { name: "Matrix created", email: uniqueEmail("post-support"), team: "support" }),
    // Creating is not a lookup: staff of another team get a 403 teamCheck, not a 404.
    expect: (c) => {
      const outcome = expected(c, 201, "support");
      return outcome.status === 404 ? { status: 403, source: "teamCheck" } : outcome;
    },
  },
  {
    name: "PATCH /api/customers/:id (sales)",
    run: (c) => api("PATCH", `/api/customers/${salesFixture.id}`, c, { status: "churned" }),
    expect: (c) => expected(c, 200, "sales"),
  },
  {
    name: "PATCH /api/customers/:id (support)",
    run: (c) => api("PATCH", `/api/customers/${supportFixture.id}`, c, { status: "churned" }),
    expect: (c) => expected(c, 200, "support"),
  },
  {
    name: "DELETE /api/customers/:id (sales)",
    run: async (c) => api("DELETE", `/api/customers/${(await createAsAdmin("sales", "delete")).id}`, c),
    expect: (c) => expected(c, 204, "sales", true),
  },
];

describe("the access matrix", () => {
  for (const endpoint of ENDPOINTS) {
    describe(endpoint.name, () => {
      for (const caller of CALLERS) {
        const want = endpoint.expect(caller);
        it(`${caller.user} via ${caller.via} → ${want.status}`, async () => {
          const reply = await endpoint.run(caller);
          if (want.status >= 400) expectEnvelope(reply, want.status, want.source);
          else expect(reply.status).toBe(want.status);
        });
      }
    });
  }

  it("explains refusals the seed's way", async () => {
    const carol = await api("GET", "/api/customers", { user: "carol", via: "id" });
    expect(expectEnvelope(carol, 403).details).toEqual([{ source: "roleCheck", desc: "Role of user is not allowed: viewer" }]);
    // carol has no group, so her access token carries no role at all.
    const carolAccess = await api("GET", "/api/customers", { user: "carol", via: "access" });
    expect(expectEnvelope(carolAccess, 403).details).toEqual([{ source: "roleCheck", desc: "Role of user is not allowed: none" }]);
    const bobAccess = await api("GET", "/api/customers", { user: "bob", via: "access" });
    expect(expectEnvelope(bobAccess, 403).details).toEqual([
      { source: "teamCheck", desc: "Token carries no team: use an ID token for team-scoped requests" },
    ]);
    const bobDelete = await api("DELETE", `/api/customers/${salesFixture.id}`, { user: "bob", via: "id" });
    expect(expectEnvelope(bobDelete, 403).details).toEqual([{ source: "roleCheck", desc: "Role of user is not allowed: staff" }]);
  });
});

describe("team scoping", () => {
  type List = { items: Customer[]; page: number; pageSize: number; total: number };

  for (const via of ["cookie", "id"] as const) {
    it(`never shows bob (via ${via}) another team's rows, whatever he asks`, async () => {
      const bob: Caller = { user: "bob", via };
      for (const search of ["", "?team=support", "?team=platform&pageSize=100", `?q=${encodeURIComponent(supportFixture.email)}`]) {
        const res = await api<List>("GET", `/api/customers${search}`, bob);
        expect(res.status, search).toBe(200);
        expect(res.body.items.every((c) => c.team === "sales"), search).toBe(true);
      }
      // Walk every page: no row of another team anywhere.
      const first = await api<List>("GET", "/api/customers?pageSize=10", bob);
      const pages = Math.ceil(first.body.total / 10);
      const ids = new Set<string>();
      for (let page = 1; page <= pages; page++) {
        const res = await api<List>("GET", `/api/customers?pageSize=10&page=${page}`, bob);
        for (const c of res.body.items) {
          expect(c.team).toBe("sales");
          ids.add(c.id);
        }
      }
      expect(ids.size).toBe(first.body.total);
      expect(ids.has(salesFixture.id)).toBe(true);
      expect(ids.has(supportFixture.id)).toBe(false);
    });
  }

  it("lets alice list every team or filter one", async () => {
    const all = await api<List>("GET", "/api/customers?pageSize=100", adminId);
    expect(new Set(all.body.items.map((c) => c.team))).toEqual(new Set(["platform", "sales", "support"]));
    const support = await api<List>("GET", `/api/customers?team=support&q=${encodeURIComponent(supportFixture.email)}`, adminId);
    expect(support.body).toEqual({ items: [expect.objectContaining({ id: supportFixture.id })], page: 1, pageSize: 20, total: 1 });
  });

  it("answers another team's id exactly like a missing one", async () => {
    const bob: Caller = { user: "bob", via: "id" };
    const otherTeam = await api("GET", `/api/customers/${supportFixture.id}`, bob);
    const missing = await api("GET", `/api/customers/${randomUUID()}`, bob);
    const malformed = await api("GET", "/api/customers/not-an-id", bob);
    expectEnvelope(otherTeam, 404);
    expect(missing.body).toEqual(otherTeam.body);
    expect(malformed.body).toEqual(otherTeam.body);
  });

  it("refuses bob moving his customer to another team and changes nothing", async () => {
    const bob: Caller = { user: "bob", via: "id" };
    const mine = (await api<{ customer: Customer }>("POST", "/api/customers", bob, { name: "Bob's", email: uniqueEmail("move"), team: "sales" })).body.customer;
    const move = await api("PATCH", `/api/customers/${mine.id}`, bob, { team: "support", name: "Moved away" });
    expect(expectEnvelope(move, 403).details).toEqual([{ source: "teamCheck", desc: "Team of user is not allowed: sales" }]);
    expect((await api<{ customer: Customer }>("GET", `/api/customers/${mine.id}`, bob)).body.customer).toEqual(mine);
    // alice may move it; then bob no longer sees it.
    expect((await api("PATCH", `/api/customers/${mine.id}`, adminId, { team: "support" })).status).toBe(200);
    expect((await api("GET", `/api/customers/${mine.id}`, bob)).status).toBe(404);
  });
});

describe("responses", () => {
  it("creates with 201, a Location and the stored customer; reads it back", async () => {
    const email = uniqueEmail("shape");
    const created = await api<{ customer: Customer }>("POST", "/api/customers", { user: "bob", via: "cookie" }, { name: "  Shape Co  ", email, team: "sales" });
    expect(created.status).toBe(201);
    const { customer } = created.body;
    expect(customer).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: "Shape Co",
      email,
      team: "sales",
      status: "active",
      createdAt: expect.any(String),
      updatedAt: customer.createdAt,
    });
    expect(created.headers.get("location")).toBe(`/api/customers/${customer.id}`);
    expect(created.headers.get("cache-control")).toContain("no-store");
    const read = await api<{ customer: Customer }>("GET", `/api/customers/${customer.id}`, { user: "bob", via: "id" });
    expect(read.body).toEqual({ customer });
  });

  it("updates only what the patch names and bumps updatedAt", async () => {
    const c = await createAsAdmin("platform", "patch");
    const res = await api<{ customer: Customer }>("PATCH", `/api/customers/${c.id}`, adminId, { name: "Renamed" });
    expect(res.status).toBe(200);
    expect(res.body.customer).toMatchObject({ ...c, name: "Renamed", updatedAt: expect.any(String) });
    expect(res.body.customer.updatedAt >= c.updatedAt).toBe(true);
  });

  it("deletes with 204 and then answers 404", async () => {
    const c = await createAsAdmin("support", "gone");
    const res = await api("DELETE", `/api/customers/${c.id}`, { user: "alice", via: "cookie" });
    expect(res.status).toBe(204);
    expectEnvelope(await api("GET", `/api/customers/${c.id}`, adminId), 404);
    expectEnvelope(await api("DELETE", `/api/customers/${c.id}`, adminId), 404);
  });

  it("pages with page/pageSize and reports the total", async () => {
    const page2 = await api<{ items: Customer[]; page: number; pageSize: number; total: number }>("GET", "/api/customers?page=2&pageSize=3", adminId);
    expect(page2.status).toBe(200);
    expect(page2.body).toMatchObject({ page: 2, pageSize: 3 });
    expect(page2.body.items).toHaveLength(3);
    expect(page2.body.total).toBeGreaterThanOrEqual(30);
  });
});

describe("malformed Authorization headers", () => {
  const cases: [string, () => string, string][] = [
    ["Bearer with nothing", () => "Bearer", "Authorization header has no token after Bearer"],
    ["Basic credentials", () => "Basic YWxpY2U6cHc=", "Authorization scheme must be Bearer"],
    ["two tokens", () => `${credentials.bob.id.authorization} ${credentials.alice.id.authorization!.slice(7)}`, "Authorization header must carry exactly one token"],
    ["a 12 KB token", () => `Bearer ${"a".repeat(12 * 1024)}`, "Token is longer than 8192 characters"],
    ["non-JWT garbage", () => "Bearer garbage", "Token is not a well-formed JWT"],
    ["a refresh token", () => `Bearer ${refreshTokens.bob}`, "Kid of token not found"],
  ];
  for (const [name, header, desc] of cases) {
    it(`answers 401 for ${name}, saying what is wrong`, async () => {
      const reply = await api("GET", "/api/customers", { user: "anonymous", via: "none" }, undefined, { authorization: header() });
      expect(expectEnvelope(reply, 401).details).toEqual([{ source: "verifyToken", desc }]);
    });
  }

  it("refuses a 20 KB Authorization header before it reaches the app (431, never a 500)", async () => {
    const reply = await fetch(`${baseURL}/api/customers`, { headers: { authorization: `Bearer ${"a".repeat(20 * 1024)}` } });
    // Node's 16 KB header limit answers first; under that limit the app's own 8 KB check says 401 (above).
    expect(reply.status).toBe(431);
  });

  it("does not let a bad Bearer header fall back to a valid cookie", async () => {
    const reply = await api("GET", "/api/customers", { user: "alice", via: "cookie" }, undefined, { authorization: "Bearer garbage" });
    expectEnvelope(reply, 401);
  });
});

describe("bad input", () => {
  const bob: Caller = { user: "bob", via: "id" };

  it("answers 400 with one detail per bad field", async () => {
    const reply = await api("POST", "/api/customers", bob, { name: "", email: "not-an-email", team: "marketing", status: "gone" });
    const error = expectEnvelope(reply, 400);
    expect(error.code).toBe("BadRequest");
    expect(error.details.map((d) => d.source).sort()).toEqual(["body.email", "body.name", "body.status", "body.team"]);
  });

  it("answers 400 for missing and unknown fields", async () => {
    const missing = expectEnvelope(await api("POST", "/api/customers", bob, {}), 400);
    expect(missing.details).toEqual(expect.arrayContaining([{ source: "body.name", desc: "is required" }]));
    expectEnvelope(await api("POST", "/api/customers", bob, { name: "A", email: uniqueEmail("x"), team: "sales", id: "mine" }), 400, "body.id");
    expectEnvelope(await api("PATCH", `/api/customers/${salesFixture.id}`, bob, {}), 400, "body");
    expectEnvelope(await api("PATCH", `/api/customers/${salesFixture.id}`, bob, { createdAt: "2000-01-01" }), 400, "body.createdAt");
  });

  it("answers 400 for malformed JSON and 415 for a non-JSON body", async () => {
    expectEnvelope(await api("POST", "/api/customers", bob, "{not json"), 400, "body");
    expectEnvelope(await api("POST", "/api/customers", bob, "name=x", { "content-type": "application/x-www-form-urlencoded" }), 415, "body");
  });

  it("answers 400 for bad query parameters", async () => {
    for (const [search, source] of [
      ["pageSize=101", "query.pageSize"],
      ["page=0", "query.page"],
      ["page=two", "query.page"],
      ["team=marketing", "query.team"],
      ["page=1&page=2", "query.page"],
    ]) {
      expectEnvelope(await api("GET", `/api/customers?${search}`, adminId), 400, source);
    }
    expectEnvelope(await api("GET", "/api/customers?sort=name", adminId), 400, "query.sort");
  });

  it("answers 404 for an unknown or malformed id", async () => {
    expectEnvelope(await api("GET", `/api/customers/${randomUUID()}`, adminId), 404, "params.id");
    expectEnvelope(await api("PATCH", `/api/customers/${randomUUID()}`, adminId, { name: "x" }), 404, "params.id");
    expectEnvelope(await api("GET", "/api/customers/%27%20OR%201=1", adminId), 404, "params.id");
  });

  it("answers 413 for a body over 64 KB", async () => {
    const reply = await api("POST", "/api/customers", bob, { name: "x".repeat(70 * 1024), email: uniqueEmail("big"), team: "sales" });
    expectEnvelope(reply, 413, "body");
  });

  it("answers 409 for an email already used (in any case), and keeps the first", async () => {
    const email = uniqueEmail("dup");
    expect((await api("POST", "/api/customers", bob, { name: "First", email, team: "sales" })).status).toBe(201);
    const dup = await api("POST", "/api/customers", adminId, { name: "Second", email: email.toUpperCase(), team: "platform" });
    expectEnvelope(dup, 409, "body.email");
    const found = await api<{ items: Customer[] }>("GET", `/api/customers?q=${encodeURIComponent(email)}`, adminId);
    expect(found.body.items.map((c) => c.name)).toEqual(["First"]);
    // And on update: renaming the fixture onto that email fails and leaves the fixture as it was.
    const before = (await api<{ customer: Customer }>("GET", `/api/customers/${salesFixture.id}`, adminId)).body.customer;
    expectEnvelope(await api("PATCH", `/api/customers/${salesFixture.id}`, adminId, { email, name: "Clash" }), 409, "body.email");
    expect((await api<{ customer: Customer }>("GET", `/api/customers/${salesFixture.id}`, adminId)).body.customer).toEqual(before);
  });

  it("refuses a cross-site write made with the session cookie", async () => {
    const reply = await api("POST", "/api/customers", { user: "bob", via: "cookie" }, { name: "CSRF", email: uniqueEmail("csrf"), team: "sales" }, { origin: "http://evil.example" });
    expectEnvelope(reply, 403, "originCheck");
  });
});
