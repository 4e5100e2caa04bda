import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, defineConfig } from "@playwright/test";

/**
 * E2E against `npm run start:local` (the production build on the emulator), twice: the default app
 * client, and one whose tokens live seconds (transparent refresh). Each starts from a fresh emulator.
 */
const basePort = Number(process.env.E2E_PORT ?? 3211);
const MAIN = { port: basePort, emulator: basePort + 6100 };
const SHORT = { port: basePort + 1, emulator: basePort + 6101 };

/** Playwright's own Chromium when installed, else CHROMIUM_PATH or Debian's /usr/bin/chromium. */
function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    if (existsSync(chromium.executablePath())) return undefined;
  } catch {
    // no bundled browser
  }
  return "/usr/bin/chromium";
}

function server(name: string, ports: { port: number; emulator: number }, client: string) {
  return {
    command: `node node_modules/tsx/dist/cli.mjs scripts/local.ts start`,
    url: `http://127.0.0.1:${ports.port}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
    env: {
      PORT: String(ports.port),
      EMULATOR_PORT: String(ports.emulator),
      EMULATOR_DATA_DIR: path.join(tmpdir(), `cna-e2e-${name}-${ports.port}`),
      // A fresh customers database per run, outside the repository.
      CUSTOMERS_DB_PATH: path.join(tmpdir(), `cna-e2e-${name}-${ports.port}`, `customers-${Date.now()}.db`),
      EMULATOR_FRESH: "1",
      LOCAL_CLIENT: client,
      NODE_NO_WARNINGS: "1",
    },
  };
}

export const SHORT_BASE_URL = `http://127.0.0.1:${SHORT.port}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${MAIN.port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium" }],
  webServer: [server("main", MAIN, "web"), server("short", SHORT, "web-short")],
});
