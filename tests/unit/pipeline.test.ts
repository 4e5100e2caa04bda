import { beforeAll, describe, expect, it } from "vitest";
import type { ErrorEnvelope } from "@/lib/auth/errors";
import {
  bearerToken,
  checkRolesStep,
  checkTeamsStep,
  MAX_BEARER_CHARS,
  parseCookieHeader,
  pipeline,
  policyStep,
  protectedRoute,
  verifyTokenStep,
  type AuthContext,
  type RouteHandler,
} from "@/lib/auth/pipeline";
import { sealSession, splitIntoChunks } from "@/lib/auth/session";
import { createVerifier, type VerifyToken } from "@/lib/auth/verify";
import { testConfig } from "./support/config";
import { accessClaims, createTestKey, idClaims, localGetter, signToken, type TestKey } from "./support/jwt";

const config = testConfig();
const APP = "http://app.test";

let poolKey: TestKey;
let otherKey: TestKey;
let verify: VerifyToken;

beforeAll(async () => {
  poolKey = await createTestKey("pool-key");
  // Same kid, different key: a forgery the signature check must catch.
  otherKey = await createTestKey("pool-key");
  verify = createVerifier({ issuer: config.issuer, clientId: config.clientId, jwks: localGetter(poolKey) });
});

interface Person {
  sub: string;
  role: string;
  team?: string;
  groups: string[];
}
const alice: Person = { sub: "sub-alice", role: "admin", team: "platform", groups: ["admin"] };
const bob: Person = { sub: "sub-bob", role: "staff", team: "sales", groups: ["staff"] };
const carol: Person = { sub: "sub-carol", role: "viewer", team: "support", groups: [] };

function idToken(p: Person, { key = poolKey, expiresIn = 3600 }: { key?: TestKey; expiresIn?: number } = {}): Promise<string> {
  const claims = idClaims(config.issuer, config.clientId, {
    sub: p.sub,
    "cognito:username": p.sub,
    email: `${p.sub}@example.com`,
    "custom:role": p.role,
    "custom:team": p.team,
    "cognito:groups": p.groups,
  });
  return signToken(claims, { key, expiresIn });
}

function accessToken(p: Person): Promise<string> {
  return signToken(accessClaims(config.issuer, config.clientId, { sub: p.sub, username: p.sub, "cognito:groups": p.groups }), { key: poolKey });
}

/** Any claims, signed by the pool's key. */
const sign = (claims: Record<string, unknown>) => signToken({ iss: config.issuer, ...claims }, { key: poolKey });

async function sessionCookie(p: Person): Promise<string> {
  const seal = await sealSession(
    { idToken: await idToken(p), accessToken: await accessToken(p), expiresAt: Math.floor(Date.now() / 1000) + 3600, username: p.sub },
    config,
  );
  return splitIntoChunks(seal)
    .map((chunk, i) => `session.${i}=${chunk}`)
    .join("; ");
}

// The verifier is created in beforeAll; pipelines built earlier must reach it late.
const deps = () => ({ verify: ((token, allowed, now) => verify(token, allowed, now)) as VerifyToken, config });

/** A handler that reports what reached it. */
const echo = ({ user, credential }: AuthContext) => Response.json({ sub: user.sub, roles: user.roles, team: user.team ?? null, credential });

/** Calls a route handler the way Next does; routes without parameters get `{}`. */
function call<P extends object>(handler: RouteHandler<P>, request: Request, params: P = {} as P) {
  return handler(request, { params: Promise.resolve(params) });
}

async function envelope(res: Response): Promise<ErrorEnvelope["error"]> {
  return ((await res.json()) as ErrorEnvelope).error;
}

const authed = () => pipeline().use(verifyTokenStep(deps()));

describe("verifyTokenStep with a Bearer header", () => {
  it("passes the verified ID token's user to the handler", async () => {
    const res = await call(authed().handle(echo), new Request(APP, { headers: { authorization: `Bearer ${await idToken(bob)}` } }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sub: "sub-bob", roles: ["staff"], team: "sales", credential: "bearer" });
  });

  it("accepts an access token, whose user has groups but no team", async () => {
    const res = await call(authed().handle(echo), new Request(APP, { headers: { authorization: `Bearer ${await accessToken(alice)}` } }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sub: "sub-alice", roles: ["admin"], team: null, credential: "bearer" });
  });

  it("accepts the scheme name in any case", async () => {
    const res = await call(authed().handle(echo), new Request(APP, { headers: { authorization: `bearer ${await idToken(bob)}` } }));
    expect(res.status).toBe(200);
  });

  const malformed: [string, () => Promise<string> | string, string][] = [
    ["an empty header", () => "", "Authorization header is empty"],
    ["Bearer with nothing", () => "Bearer", "Authorization header has no token after Bearer"],
    ["Bearer and spaces", () => "Bearer    ", "Authorization header has no token after Bearer"],
    ["Basic credentials", () => "Basic YWxpY2U6cHc=", "Authorization scheme must be Bearer"],
    ["a bare token without a scheme", async () => idToken(bob), "Authorization scheme must be Bearer"],
    ["two tokens", async () => `Bearer ${await idToken(bob)} ${await idToken(alice)}`, "Authorization header must carry exactly one token"],
    ["two merged Authorization headers", async () => `Bearer ${await idToken(bob)}, Bearer x`, "Authorization header must carry exactly one token"],
    ["a 20 KB token", () => `Bearer ${"a".repeat(20 * 1024)}`, `Token is longer than ${MAX_BEARER_CHARS} characters`],
    ["non-JWT garbage", () => "Bearer not-a-jwt!", "Token is not a well-formed JWT"],
    ["three segments of garbage", () => "Bearer abc.def.ghi", "Token is not a well-formed JWT"],
  ];
  for (const [name, header, desc] of malformed) {
    it(`refuses ${name} with 401 saying what is wrong`, async () => {
      let reached = false;
      const handler = authed().handle(() => {
        reached = true;
        return new Response("ok");
      });
      const res = await call(handler, new Request(APP, { headers: { authorization: await header() } }));
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
      const error = await envelope(res);
      expect(error).toMatchObject({ status: 401, code: "Unauthorized", details: [{ source: "verifyToken", desc }] });
      expect(reached).toBe(false);
    });
  }

  it("never echoes the header back", async () => {
    const token = await idToken(bob);
    const res = await call(authed().handle(echo), new Request(APP, { headers: { authorization: `Token ${token}` } }));
    expect(await res.text()).not.toContain(token.slice(0, 20));
  });

  const refused: [string, () => Promise<string>, string][] = [
    ["an expired token", () => idToken(bob, { expiresIn: -300 }), "Token is expired"],
    ["a token signed by another key", () => idToken(bob, { key: otherKey }), "Token signature is invalid"],
    ["a token of another issuer", () => sign({ token_use: "id", aud: config.clientId, iss: "https://evil.example/pool" }), "Token was not issued by this user pool"],
    ["a refresh-like token without token_use", () => sign({ sub: "x" }), "Token use is not allowed here"],
    ["an ID token for another app client", () => sign({ token_use: "id", aud: "someone-else" }), "Token was not issued for this audience"],
  ];
  for (const [name, token, desc] of refused) {
    it(`refuses ${name}`, async () => {
      const res = await call(authed().handle(echo), new Request(APP, { headers: { authorization: `Bearer ${await token()}` } }));
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
      expect((await envelope(res)).details).toEqual([{ source: "verifyToken", desc }]);
    });
  }

  it("prefers the Bearer header over a session cookie", async () => {
    const res = await call(
      authed().handle(echo),
      new Request(APP, { headers: { authorization: `Bearer ${await idToken(bob)}`, cookie: await sessionCookie(alice) } }),
    );
    expect(await res.json()).toMatchObject({ sub: "sub-bob", credential: "bearer" });
  });
});

describe("verifyTokenStep with the session cookie", () => {
  it("authenticates with the session's ID token", async () => {
    const res = await call(authed().handle(echo), new Request(APP, { headers: { cookie: `theme=dark; ${await sessionCookie(carol)}` } }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sub: "sub-carol", roles: ["viewer"], team: "support", credential: "cookie" });
  });

  it("answers 401 with WWW-Authenticate when there is neither header nor cookie", async () => {
    const res = await call(authed().handle(echo), new Request(APP));
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    expect(await envelope(res)).toEqual({
      status: 401,
      code: "Unauthorized",
      message: "Sign in to use this API",
      details: [{ source: "verifyToken", desc: "No bearer token or session cookie" }],
    });
  });

  it("answers 401 for a session cookie it cannot open", async () => {
    const good = await sessionCookie(bob);
    const tampered = good.replace(/.{6}$/, "AAAAAA");
    const res = await call(authed().handle(echo), new Request(APP, { headers: { cookie: tampered } }));
    expect(res.status).toBe(401);
    expect((await envelope(res)).details).toEqual([{ source: "verifyToken", desc: "Session cookie is invalid or expired" }]);
  });

  it("refuses a cross-site write made with the cookie", async () => {
    const res = await call(
      authed().handle(echo),
      new Request(`${APP}/api/customers`, {
        method: "POST",
        headers: { cookie: await sessionCookie(bob), origin: "http://evil.example", host: "app.test" },
      }),
    );
    expect(res.status).toBe(403);
    expect((await envelope(res)).details[0]?.source).toBe("originCheck");
  });

  it("allows a same-origin write made with the cookie", async () => {
    const res = await call(
      authed().handle(echo),
      new Request(`${APP}/api/customers`, { method: "POST", headers: { cookie: await sessionCookie(bob), origin: APP, host: "app.test" } }),
    );
    expect(res.status).toBe(200);
  });

  it("does not apply the origin check to Bearer writes (no ambient credential to abuse)", async () => {
    const res = await call(
      authed().handle(echo),
      new Request(`${APP}/api/customers`, {
        method: "POST",
        headers: { authorization: `Bearer ${await idToken(bob)}`, origin: "http://evil.example", host: "app.test" },
      }),
    );
    expect(res.status).toBe(200);
  });
});

describe("checkRolesStep and checkTeamsStep", () => {
  async function asUser(handler: RouteHandler<Record<string, never>>, token: string) {
    return call(handler, new Request(APP, { headers: { authorization: `Bearer ${token}` } }));
  }

  it("refuses a role that is not allowed with the seed's roleCheck detail", async () => {
    const handler = authed().use(checkRolesStep(["admin", "staff"])).handle(echo);
    const res = await asUser(handler, await idToken(carol));
    expect(res.status).toBe(403);
    expect(await envelope(res)).toEqual({
      status: 403,
      code: "Forbidden",
      message: "You don't have permission to do this action",
      details: [{ source: "roleCheck", desc: "Role of user is not allowed: viewer" }],
    });
  });

  it("passes an allowed role (custom:role or a group)", async () => {
    const handler = authed().use(checkRolesStep(["staff"])).handle(echo);
    expect((await asUser(handler, await idToken(bob))).status).toBe(200);
    expect((await asUser(handler, await accessToken(bob))).status).toBe(200);
  });

  it('lets anyone signed in through ["*"]', async () => {
    const handler = authed().use(checkRolesStep(["*"])).use(checkTeamsStep(["*"])).handle(echo);
    expect((await asUser(handler, await idToken(carol))).status).toBe(200);
    expect((await asUser(handler, await accessToken(carol))).status).toBe(200);
  });

  it("refuses another team with the seed's teamCheck detail", async () => {
    const handler = authed().use(checkRolesStep(["*"])).use(checkTeamsStep(["support"])).handle(echo);
    const res = await asUser(handler, await idToken(bob));
    expect(res.status).toBe(403);
    expect((await envelope(res)).details).toEqual([{ source: "teamCheck", desc: "Team of user is not allowed: sales" }]);
    expect((await asUser(handler, await idToken(carol))).status).toBe(200);
  });

  it("says an access token carries no team when a step is team-scoped", async () => {
    const handler = authed().use(checkTeamsStep(["sales"])).handle(echo);
    const res = await asUser(handler, await accessToken(bob));
    expect(res.status).toBe(403);
    expect((await envelope(res)).details).toEqual([
      { source: "teamCheck", desc: "Token carries no team: use an ID token for team-scoped requests" },
    ]);
  });

  it("resolves a [param] team from the route and lets any-team roles through", async () => {
    const handler = pipeline<{ team: string }>()
      .use(verifyTokenStep(deps()))
      .use(checkTeamsStep(["[team]"], ["admin"]))
      .handle(echo);
    const req = async (p: Person, team: string) =>
      call(handler, new Request(APP, { headers: { authorization: `Bearer ${await idToken(p)}` } }), { team });
    expect((await req(bob, "sales")).status).toBe(200);
    expect((await req(bob, "support")).status).toBe(403);
    expect((await req(alice, "support")).status).toBe(200);
  });

  it("stops at the first refusing step: later steps and the handler never run", async () => {
    const ran: string[] = [];
    const handler = authed()
      .use(checkRolesStep(["admin"]))
      .use(() => {
        ran.push("after");
      })
      .handle(() => {
        ran.push("handler");
        return new Response("ok");
      });
    expect((await asUser(handler, await idToken(bob))).status).toBe(403);
    expect(ran).toEqual([]);
    expect((await asUser(handler, await idToken(alice))).status).toBe(200);
    expect(ran).toEqual(["after", "handler"]);
  });
});

describe("pipeline", () => {
  it("merges what each step adds into the context the next steps and the handler see", async () => {
    const handler = pipeline<{ id: string }>()
      .use(({ params }) => ({ doubled: params.id + params.id }))
      .use(async ({ doubled }) => ({ length: doubled.length }))
      .handle(({ doubled, length, params }) => Response.json({ doubled, length, id: params.id }));
    const res = await call(handler, new Request(APP), { id: "ab" });
    expect(await res.json()).toEqual({ doubled: "abab", length: 4, id: "ab" });
  });

  it("turns an unexpected throw into a bare 500 envelope that leaks nothing", async () => {
    const handler = pipeline().handle(() => {
      throw new Error("database password is hunter2");
    });
    const res = await call(handler, new Request(APP));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("hunter2");
    expect(JSON.parse(text)).toMatchObject({ error: { status: 500, code: "InternalServerError", details: [] } });
  });
});

describe("policyStep (the policy table decides)", () => {
  const handler = protectedRoute<Record<string, string>>(deps()).handle(echo);
  const req = async (method: string, path: string, token: string) =>
    call(handler, new Request(`${APP}${path}`, { method, headers: { authorization: `Bearer ${token}` } }));

  it("applies the entry for the request's path and method", async () => {
    expect((await req("GET", "/api/customers", await idToken(bob))).status).toBe(200);
    expect((await req("GET", "/api/customers", await idToken(alice))).status).toBe(200);
    const carolRes = await req("GET", "/api/customers", await idToken(carol));
    expect(carolRes.status).toBe(403);
    expect((await envelope(carolRes)).details).toEqual([{ source: "roleCheck", desc: "Role of user is not allowed: viewer" }]);
  });

  it("uses the method-specific entry (DELETE /api/customers/[id] is admin-only)", async () => {
    expect((await req("PATCH", "/api/customers/abc", await idToken(bob))).status).toBe(200);
    const res = await req("DELETE", "/api/customers/abc", await idToken(bob));
    expect(res.status).toBe(403);
    expect((await envelope(res)).details[0]?.source).toBe("roleCheck");
    expect((await req("DELETE", "/api/customers/abc", await accessToken(alice))).status).toBe(200);
  });

  it("denies a path no entry covers", async () => {
    const res = await req("GET", "/api/not-in-the-table", await idToken(alice));
    expect(res.status).toBe(403);
    expect((await envelope(res)).details).toEqual([{ source: "policy", desc: "No access policy covers this route" }]);
  });

  it("still authenticates first: no token is 401, not 403", async () => {
    const res = await call(handler, new Request(`${APP}/api/not-in-the-table`));
    expect(res.status).toBe(401);
  });

  it("uses it standalone after verifyToken too", async () => {
    const h = authed().use(policyStep()).handle(echo);
    const res = await call(h, new Request(`${APP}/admin/users`, { headers: { authorization: `Bearer ${await idToken(bob)}` } }));
    expect(res.status).toBe(403);
  });
});

describe("header helpers", () => {
  it("bearerToken returns the single token", () => {
    expect(bearerToken("  Bearer   abc.def.ghi  ")).toBe("abc.def.ghi");
  });

  it("parseCookieHeader splits pairs, decodes values and skips junk", () => {
    expect(parseCookieHeader("a=1; b=x%20y; junk; c=%E0%A4%A; =v")).toEqual([
      { name: "a", value: "1" },
      { name: "b", value: "x y" },
      { name: "c", value: "%E0%A4%A" },
    ]);
    expect(parseCookieHeader(null)).toEqual([]);
  });
});
