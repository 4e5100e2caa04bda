import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findPolicy } from "@/lib/auth/policy";

/**
 * Deny by default only works if nothing ships without an entry: every page and route handler under
 * app/ must match the policy table for each method it exports.
 */
const appDir = path.resolve(import.meta.dirname, "../../app");

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

/** app/teams/[team]/page.tsx → /teams/sample-team ; route groups "(x)" vanish. */
function routePath(file: string): string {
  const segments = path
    .relative(appDir, path.dirname(file))
    .split(path.sep)
    .filter((s) => s && !/^\(.*\)$/.test(s))
    .map((s) => s.replace(/^\[(?:\.\.\.)?(\w+)\]$/, "sample-$1"));
  return "/" + segments.join("/");
}

const routes = walk(appDir).flatMap((file) => {
  const name = path.basename(file);
  if (/^page\.(tsx|ts|jsx|js)$/.test(name)) return [{ file, path: routePath(file), methods: ["GET"] }];
  if (/^route\.(ts|js)$/.test(name)) {
    const source = readFileSync(file, "utf8");
    const methods = [...source.matchAll(/export\s+(?:const|(?:async\s+)?function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!);
    return [{ file, path: routePath(file), methods }];
  }
  return [];
});

describe("policy coverage", () => {
  it("finds the pages and route handlers it is meant to check", () => {
    const paths = routes.map((r) => r.path);
    expect(paths).toContain("/dashboard");
    expect(paths).toContain("/api/auth/sign-in");
    expect(routes.every((r) => r.methods.length > 0)).toBe(true);
  });

  it.each(routes.flatMap((r) => r.methods.map((method) => ({ ...r, method, label: `${method} ${r.path}` }))))(
    "$label has an access policy",
    ({ path: route, method }) => {
      expect(findPolicy(route, method), `${method} ${route} is not in lib/auth/policy.ts POLICY_TABLE`).not.toBeNull();
    },
  );

  it("denies what is not in the table", () => {
    expect(findPolicy("/secret-report")).toBeNull();
    expect(findPolicy("/api/internal/thing", "POST")).toBeNull();
  });
});
