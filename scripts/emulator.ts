/**
 * Starts cognito-local (the embedded Cognito emulator) as a child process on 127.0.0.1 and waits
 * until it answers. Its data lives in `<baseDir>/.cognito/` (gitignored).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export interface Emulator {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmulatorOptions {
  port: number;
  /** cognito-local keeps `.cognito/db` and `.cognito/config.json` under this folder. */
  baseDir: string;
  /** Start from an empty database (tests). */
  fresh?: boolean;
  /**
   * The address the app reaches the emulator at, when it differs from where it listens (e.g. a
   * counting proxy in front of it): the issuer and the returned endpoint use it.
   */
  publicEndpoint?: string;
  log?: (line: string) => void;
}

const require = createRequire(import.meta.url);

export async function startEmulator({ port, baseDir, fresh, publicEndpoint, log }: EmulatorOptions): Promise<Emulator> {
  const host = "127.0.0.1";
  const listening = `http://${host}:${port}`;
  const endpoint = publicEndpoint ?? listening;
  const dir = path.join(baseDir, ".cognito");
  if (fresh) rmSync(path.join(dir, "db"), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // Pin the issuer to the address the app uses, whatever HOST the emulator binds.
  writeFileSync(
    path.join(dir, "config.json"),
    JSON.stringify({ TokenConfig: { IssuerDomain: endpoint } }, null, 2),
  );

  if (await answers(listening)) throw new Error(`port ${port} is already in use: set EMULATOR_PORT to a free port`);

  const entry = require.resolve("cognito-local/lib/bin/start.js");
  const child = spawn(process.execPath, [entry], {
    cwd: baseDir,
    env: { ...process.env, PORT: String(port), HOST: host, NODE_NO_WARNINGS: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-4000);
    if (log) for (const line of text.split("\n")) if (line.trim()) log(line);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);

  // If this process dies without calling stop(), do not leave an orphan holding the port.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  await waitUntilAnswers(listening, child, () => output);
  return {
    endpoint,
    port,
    stop: async () => {
      process.off("exit", killOnExit);
      await stopProcess(child);
    },
  };
}

/** Polls until the emulator accepts HTTP, or fails with its output if it exits or takes too long. */
async function waitUntilAnswers(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  let exited = false;
  child.once("exit", () => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`cognito-local exited during start:\n${output()}`);
    if (await answers(endpoint)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill("SIGKILL");
  throw new Error(`cognito-local did not answer on ${endpoint} within 30 s:\n${output()}`);
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
