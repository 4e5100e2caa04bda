/**
 * Starts the app as users run it locally (`npm run start:local`: emulator + seed + next start) on
 * free ports with a fresh emulator database, for integration tests and benchmarks.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readIds, type LocalIds } from "../../scripts/seed";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface Stack {
  baseURL: string;
  ids: LocalIds;
  dataDir: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export async function startStack(options: { client?: "web" | "web-secret" | "web-short"; env?: Record<string, string> } = {}): Promise<Stack> {
  const [port, emulatorPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(path.join(tmpdir(), "cna-stack-"));
  const child: ChildProcess = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/local.ts", "start"], {
    cwd: root,
    env: {
      ...process.env,
      ...options.env,
      PORT: String(port),
      EMULATOR_PORT: String(emulatorPort),
      EMULATOR_DATA_DIR: dataDir,
      CUSTOMERS_DB_PATH: path.join(dataDir, "customers.db"),
      EMULATOR_FRESH: "1",
      LOCAL_CLIENT: options.client ?? "web",
      NODE_NO_WARNINGS: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const stop = () => stopGroup(child);
  process.once("exit", () => {
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  });

  const baseURL = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the local stack exited during start:\n${output}`);
    try {
      const res = await fetch(`${baseURL}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return { baseURL, ids: readIds(dataDir), dataDir, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`the local stack did not become ready on ${baseURL}:\n${output}`);
}

/** The launcher runs in its own process group: stop it together with next and the emulator. */
function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || !child.pid) return Promise.resolve();
  const pid = child.pid;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        /* gone */
      }
    }, 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      resolve();
    }
  });
}
