/**
 * One command for local runs: start the embedded Cognito emulator, seed it, then run Next against it.
 *   tsx scripts/local.ts dev     → next dev   (npm run dev)
 *   tsx scripts/local.ts start   → next start (npm run start:local; builds first when no build exists)
 * Environment: PORT (3000), EMULATOR_PORT (9229), EMULATOR_DATA_DIR (the project folder),
 * EMULATOR_FRESH=1 (start from an empty emulator database), LOCAL_CLIENT=web|web-secret|web-short,
 * EMULATOR_PUBLIC_ENDPOINT (where the app reaches the emulator, e.g. through a counting proxy).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator, stopProcess } from "./emulator";
import { DEMO_USERS, seed, type LocalIds } from "./seed";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
function parseMode(arg: string | undefined): "dev" | "start" {
  if (arg === "dev" || arg === "start") return arg;
  console.error("usage: tsx scripts/local.ts dev|start");
  process.exit(2);
}
const mode = parseMode(process.argv[2]);

const port = Number(process.env.PORT ?? 3000);
const emulatorPort = Number(process.env.EMULATOR_PORT ?? 9229);
const baseDir = path.resolve(process.env.EMULATOR_DATA_DIR ?? root);
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
// The SDK's notice that future releases need Node 22 is known (this machine runs 20): don't repeat it per process.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** A per-machine development secret, kept beside the emulator's data and never committed. */
function localSessionSecret(): string {
  const file = path.join(baseDir, ".cognito", "session-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url") + "\n", { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

function appEnv(ids: LocalIds): NodeJS.ProcessEnv {
  const client = process.env.LOCAL_CLIENT ?? "web";
  const clientIds: Record<string, { id: string; secret?: string }> = {
    web: { id: ids.clientId },
    "web-secret": { id: ids.secretClientId, secret: ids.secretClientSecret },
    "web-short": { id: ids.shortClientId },
  };
  const chosen = clientIds[client];
  if (!chosen) throw new Error(`LOCAL_CLIENT must be one of ${Object.keys(clientIds).join(", ")}`);
  return {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    COGNITO_LOCAL: "1",
    COGNITO_ENDPOINT: ids.endpoint,
    COGNITO_REGION: ids.region,
    COGNITO_USER_POOL_ID: ids.userPoolId,
    COGNITO_CLIENT_ID: chosen.id,
    COGNITO_CLIENT_SECRET: chosen.secret ?? "",
    SESSION_SECRET: process.env.SESSION_SECRET ?? localSessionSecret(),
  };
}

async function main(): Promise<void> {
  const emulator = await startEmulator({
    port: emulatorPort,
    baseDir,
    fresh: process.env.EMULATOR_FRESH === "1",
    publicEndpoint: process.env.EMULATOR_PUBLIC_ENDPOINT,
  });
  const { ids, created } = await seed(emulator.endpoint, baseDir);
  console.log(`cognito-local on ${emulator.endpoint}, pool ${ids.userPoolId}${created.length ? ` (seeded: ${created.length} items)` : ""}`);

  if (mode === "start" && !existsSync(path.join(root, ".next", "BUILD_ID"))) {
    console.log("No production build yet: running next build…");
    const build = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    if (build.status !== 0) {
      await emulator.stop();
      process.exit(build.status ?? 1);
    }
  }

  const next: ChildProcess = spawn(process.execPath, [nextBin, mode, "--port", String(port)], {
    cwd: root,
    stdio: "inherit",
    env: appEnv(ids),
  });
  console.log(
    [
      "",
      `App: http://localhost:${port}`,
      "Demo users (development only):",
      ...DEMO_USERS.map(
        (u) => `  ${u.email.padEnd(20)} ${u.password.padEnd(15)} role=${u.role.padEnd(7)} team=${u.team}${u.temporary ? "  (temporary password)" : ""}`,
      ),
      "",
    ].join("\n"),
  );

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await stopProcess(next);
    await emulator.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  next.on("exit", (code: number | null) => void shutdown(code ?? 0));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
