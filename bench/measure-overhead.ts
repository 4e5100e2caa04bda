import { alternate, type AlternationPlan, type Comparison } from "./http-load";

/**
 * 1. What the auth check costs a request: a signed-in request to a protected route against an
 * anonymous request to its public twin, taking turns. The public side carries no cookie: the
 * question is what a signed-in user pays over an anonymous one.
 */
export interface OverheadResult {
  api: Comparison;
  /**
   * GET /api/health again, with the session cookie: the middleware checks the session but the
   * route does nothing with it. What separates this from `api` is the route handler's own work.
   */
  gateOnly: Comparison;
  pages: Comparison;
}

export async function measureOverhead(baseURL: string, cookieHeader: string, plan: AlternationPlan): Promise<OverheadResult> {
  const signedIn = { cookie: cookieHeader };
  const [api, gateOnly] = await alternate(
    baseURL,
    { label: "GET /api/health", path: "/api/health" },
    [
      { label: "GET /api/auth/session", path: "/api/auth/session", headers: signedIn },
      { label: "GET /api/health + session cookie", path: "/api/health", headers: signedIn },
    ],
    plan,
  );
  const [pages] = await alternate(
    baseURL,
    { label: "GET /bench/public", path: "/bench/public" },
    [{ label: "GET /bench/protected", path: "/bench/protected", headers: signedIn }],
    plan,
  );
  return { api: api!, gateOnly: gateOnly!, pages: pages! };
}

/** The bench pages must exist in the build being measured (an older build would answer 404). */
export async function checkBenchPages(baseURL: string, cookieHeader: string): Promise<void> {
  for (const [path, headers] of [
    ["/bench/public", {}],
    ["/bench/protected", { cookie: cookieHeader }],
  ] as const) {
    const res = await fetch(`${baseURL}${path}`, { headers, redirect: "manual" });
    const text = await res.text();
    if (res.status !== 200 || !text.includes("Benchmark page")) {
      throw new Error(`${path} answered ${res.status}: the build predates the bench pages; delete .next and run again`);
    }
  }
}
