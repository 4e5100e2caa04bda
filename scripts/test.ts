/**
 * `npm test`: builds the app, makes sure a browser is there, runs the unit + integration suites
 * (vitest) and the end-to-end suite (Playwright, Chromium), then prints one line summing them all:
 *   tests: N passed, M failed
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "test-results");
mkdirSync(out, { recursive: true });
// The SDK's "future releases need Node 22" notice is known here; keep it out of every test process's output.
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };

function run(cmd: string, args: string[], extraEnv: Record<string, string> = {}): number {
  const result = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...env, ...extraEnv } });
  return result.status ?? 1;
}

const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

/** A Chromium Playwright can drive, or null with the reason. */
async function findBrowser(): Promise<string | null> {
  if (process.env.CHROMIUM_PATH) return existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : null;
  const { chromium } = await import("@playwright/test");
  try {
    if (existsSync(chromium.executablePath())) return chromium.executablePath();
  } catch {
    // Playwright has no browser of its own here
  }
  return existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : null;
}

async function ensureBrowser(): Promise<void> {
  if (await findBrowser()) return;
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (root && existsSync("/usr/bin/apt-get")) {
    console.log("No Chromium found: installing Debian's chromium with apt-get…");
    run("apt-get", ["update", "-qq"]);
    run("apt-get", ["install", "-y", "-qq", "chromium"], { DEBIAN_FRONTEND: "noninteractive" });
  } else {
    console.log("No Chromium found: trying Playwright's own download…");
    run(bin("playwright"), ["install", "chromium"]);
  }
  if (!(await findBrowser())) {
    console.error(
      [
        "No usable Chromium for the end-to-end tests. Either:",
        "  - as root on Debian/Ubuntu: apt-get install -y chromium",
        "  - with internet access: npx playwright install chromium",
        "  - or point CHROMIUM_PATH at a Chromium/Chrome binary.",
      ].join("\n"),
    );
    process.exit(1);
  }
}

interface Counts {
  passed: number;
  failed: number;
}

function vitestCounts(file: string): Counts | null {
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  // Skipped or todo tests count as failures: nothing is allowed to hide.
  return { passed: report.numPassedTests, failed: report.numFailedTests + report.numPendingTests + report.numTodoTests };
}

function playwrightCounts(file: string): Counts | null {
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
  const s = report.stats;
  return { passed: s.expected, failed: s.unexpected + s.flaky + s.skipped };
}

async function main(): Promise<void> {
  await ensureBrowser();

  console.log("\n── build ──");
  if (run(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"]) !== 0) {
    console.log("tests: 0 passed, 1 failed");
    process.exit(1);
  }

  console.log("\n── unit + integration (vitest) ──");
  const vitestJson = path.join(out, "vitest.json");
  const vitestStatus = run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`]);

  console.log("\n── end to end (Playwright, Chromium) ──");
  const pwJson = path.join(out, "playwright.json");
  const pwStatus = run(bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });

  const suites = [vitestCounts(vitestJson), playwrightCounts(pwJson)];
  const total = suites.reduce<Counts>((sum, c) => ({ passed: sum.passed + (c?.passed ?? 0), failed: sum.failed + (c?.failed ?? 1) }), {
    passed: 0,
    failed: 0,
  });
  // A suite that crashed before reporting counts as a failure, as does a non-zero exit.
  if (vitestStatus !== 0 && (suites[0]?.failed ?? 0) === 0) total.failed += 1;
  if (pwStatus !== 0 && (suites[1]?.failed ?? 0) === 0) total.failed += 1;
  console.log(`\ntests: ${total.passed} passed, ${total.failed} failed`);
  process.exit(total.failed === 0 ? 0 : 1);
}

void main();
