import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readIds, type LocalIds } from "../scripts/seed";
import { startCountingProxy, type CountingProxy } from "./counting-proxy";
import { APP_PORTS, portIn, SIDE_PORTS } from "./ports";

/**
 * The app as users run it (`npm run start:local`: emulator + seed + next start), with a fresh
 * emulator database in a temp dir and a counting proxy between the app and the emulator.
 */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export type LocalClient = "web" | "web-secret" | "web-short";

export interface BenchStack {
  baseURL: string;
  /** The emulator's own address, bypassing the proxy (for in-process work that must not be counted). */
  emulatorURL: string;
  proxy: CountingProxy;
  ids: LocalIds;
  clientId: string;
  /** The issuer in the emulator's tokens: it follows the proxy's address. */
  issuer: string;
  /** The app's SESSION_SECRET: the bench sets it so it can seal sessions of its own (the kid flood). */
  sessionSecret: string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 120_000;

export async function startBenchStack(client: LocalClient): Promise<BenchStack> {
  const [appPort, emulatorPort, proxyPort] = [await portIn(APP_PORTS), await portIn(SIDE_PORTS), await portIn(SIDE_PORTS)];
  const proxy = await startCountingProxy(proxyPort, emulatorPort);
  const dataDir = mkdtempSync(path.join(tmpdir(), "cna-bench-"));
  const sessionSecret = randomBytes(32).toString("base64url");

  const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/local.ts", "start"], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(appPort),
      EMULATOR_PORT: String(emulatorPort),
      EMULATOR_DATA_DIR: dataDir,
      EMULATOR_FRESH: "1",
      EMULATOR_PUBLIC_ENDPOINT: proxy.url,
      LOCAL_CLIENT: client,
      SESSION_SECRET: sessionSecret,
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_NO_WARNINGS: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: the launcher, next and the emulator stop together.
    detached: true,
  });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const killOnExit = () => signalGroup(child, "SIGKILL");
  process.once("exit", killOnExit);

  const stop = async () => {
    process.off("exit", killOnExit);
    await stopGroup(child);
    await proxy.close();
    rmSync(dataDir, { recursive: true, force: true });
  };

  const baseURL = `http://127.0.0.1:${appPort}`;
  try {
    await waitUntilReady(baseURL, child, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  const ids = readIds(dataDir);
  const clientId = { web: ids.clientId, "web-secret": ids.secretClientId, "web-short": ids.shortClientId }[client];
  return {
    baseURL,
    emulatorURL: `http://127.0.0.1:${emulatorPort}`,
    proxy,
    ids,
    clientId,
    issuer: `${proxy.url}/${ids.userPoolId}`,
    sessionSecret,
    stop,
  };
}

async function waitUntilReady(baseURL: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the local stack exited during start:\n${output()}`);
    try {
      const res = await fetch(`${baseURL}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the local stack did not become ready on ${baseURL}:\n${output()}`);
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

async function stopGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (!pid) return;
  if (child.exitCode === null && child.signalCode === null) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => signalGroup(child, "SIGKILL"), 5000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      signalGroup(child, "SIGTERM");
    });
  }
  // The launcher stops next and the emulator before it exits; this catches any that did not.
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // the group is empty
  }
}
