/**
 * The auth configuration is checked when `next start` boots (instrumentation.ts): a bad environment
 * must stop the server with one message naming every bad variable. These start the production
 * build directly, as `npm start` does, with a controlled environment.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort, root } from "../support/stack";

const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const EXIT_DEADLINE_MS = 20_000;

/** A configuration that passes validation: it points at a real-looking pool, never contacted here. */
const VALID = {
  COGNITO_REGION: "eu-west-1",
  COGNITO_USER_POOL_ID: "eu-west-1_AbCdEfGhI",
  COGNITO_CLIENT_ID: "1example23456789",
  SESSION_SECRET: "0123456789abcdef0123456789abcdef-config-test",
};

interface Started {
  child: ChildProcess;
  port: number;
  output: () => string;
}

const running: ChildProcess[] = [];

afterEach(() => {
  // Only the servers these tests started, by their own process group.
  for (const child of running.splice(0)) {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
  }
});

async function startNext(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  // Nothing of the test runner's own auth environment leaks in: only what each test sets.
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(COGNITO_|SESSION_|AUTH_)/.test(key)),
  );
  const child = spawn(process.execPath, [nextBin, "start", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: root,
    env: { ...base, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  running.push(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { child, port, output: () => output };
}

/** The exit code once the process ends, or null if it is still running at the deadline. */
function exitWithin(child: ChildProcess, ms: number): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal ? 128 : null));
    });
  });
}

async function expectRefusedToStart(env: Record<string, string>): Promise<string> {
  const { child, output } = await startNext(env);
  const code = await exitWithin(child, EXIT_DEADLINE_MS);
  expect(code, `next start was still running after ${EXIT_DEADLINE_MS} ms with a bad configuration. Output:\n${output()}`).not.toBeNull();
  expect(code, output()).not.toBe(0);
  return output();
}

describe("configuration is validated when the server starts", () => {
  it("names every bad variable in one message and exits non-zero", async () => {
    const shortSecret = "too-short-secret";
    const out = await expectRefusedToStart({
      COGNITO_REGION: "mars-1",
      COGNITO_USER_POOL_ID: "no-underscore",
      SESSION_SECRET: shortSecret,
    });
    const messages = out.match(/Invalid auth configuration/g) ?? [];
    expect(messages, out).toHaveLength(1);
    const block = out.slice(out.indexOf("Invalid auth configuration"));
    expect(block).toMatch(/COGNITO_REGION must be an AWS region/);
    expect(block).toMatch(/COGNITO_USER_POOL_ID must look like <region>_<id>/);
    expect(block).toMatch(/COGNITO_CLIENT_ID is required/);
    expect(block).toMatch(/SESSION_SECRET must be at least 32 characters/);
    // The variables that are fine, and the secret's value, are not in it.
    expect(block).not.toContain(shortSecret);
    expect(block).not.toMatch(/COGNITO_ENDPOINT|COGNITO_CLIENT_SECRET|SESSION_MAX_AGE/);
  });

  it("refuses an emulator endpoint outside local mode, as `npm start` would run in production", async () => {
    const out = await expectRefusedToStart({ ...VALID, COGNITO_ENDPOINT: "http://127.0.0.1:9229" });
    expect(out).toMatch(/Invalid auth configuration/);
    expect(out).toMatch(/COGNITO_ENDPOINT is only allowed with COGNITO_LOCAL=1 \(an emulator's signing key is public\)/);
    expect(out).not.toContain(VALID.SESSION_SECRET);
  });

  it("refuses local mode without an emulator endpoint", async () => {
    const out = await expectRefusedToStart({ ...VALID, COGNITO_LOCAL: "1" });
    expect(out).toMatch(/COGNITO_ENDPOINT is required when COGNITO_LOCAL=1/);
  });

  it("refuses a rotation map whose secrets are too short", async () => {
    const out = await expectRefusedToStart({ ...VALID, SESSION_SECRET: JSON.stringify({ "2": "short", "1": VALID.SESSION_SECRET }) });
    expect(out).toMatch(/SESSION_SECRET map 2 must be at least 32 characters/);
    expect(out).not.toContain(VALID.SESSION_SECRET);
  });

  it("starts and serves with a valid configuration (so the refusals above are about the config)", async () => {
    const { child, port, output } = await startNext(VALID);
    const deadline = Date.now() + EXIT_DEADLINE_MS;
    let answer: { status: number; body: unknown } | undefined;
    while (Date.now() < deadline && child.exitCode === null) {
      try {
        // A session cookie makes the middleware unseal it with SESSION_SECRET: the config is in use.
        const res = await fetch(`http://127.0.0.1:${port}/api/auth/session`, {
          headers: { cookie: "session.0=garbage" },
          signal: AbortSignal.timeout(2000),
        });
        answer = { status: res.status, body: await res.json() };
        break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(child.exitCode, output()).toBeNull();
    expect(answer?.status, output()).toBe(401);
    expect(answer?.body).toMatchObject({ error: { status: 401, code: "Unauthorized" } });
    expect(output()).not.toMatch(/Invalid auth configuration/);
  });
});
