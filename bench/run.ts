/**
 * `npm run bench`: builds when there is no build, starts the app twice behind counting proxies
 * (emulator tokens that live 24 h, then 5 s), runs the five measurements, prints the table and
 * writes bench/results.json. Everything it starts is stopped on the way out, failures included.
 * What each number means: docs/BENCHMARKS.md.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { JWKS } from "./counting-proxy";
import type { AlternationPlan } from "./http-load";
import { budgetOf, realCognitoBudget, type CookieBudget } from "./measure-cookie-budget";
import { jwksDuringAuthenticatedRequests, refreshSingleFlight, unknownKidFlood, type KidFlood } from "./measure-cognito-calls";
import { checkBenchPages, measureOverhead } from "./measure-overhead";
import { measureSessionCost } from "./measure-session-cost";
import { measureSignIn } from "./measure-sign-in";
import { measureVerification } from "./measure-verification";
import { fmt, machine, printTable, writeResults, type Row } from "./report";
import { authConfig } from "./session-cookies";
import { ALICE, initiateAuthDirect } from "./sign-in";
import { root, startBenchStack, type BenchStack } from "./stack";
import { unknownKidTokens } from "./tokens";

// Many short turns rather than a few long ones: background load on a shared machine comes in bursts.
const PLAN: AlternationPlan = { rounds: 8, seconds: 2, connections: 10, warmupSeconds: 3 };
const AUTHENTICATED_REQUESTS = 10_000;
const FLOOD_TOKENS = 1_000;
const SIGN_IN_CALLS = 200;
const CONCURRENT_REFRESHES = 20;
const JWKS_COOLDOWN_SECONDS = 30;

const running = new Set<BenchStack>();

async function start(client: "web" | "web-short"): Promise<BenchStack> {
  const stack = await startBenchStack(client);
  running.add(stack);
  return stack;
}

async function stop(stack: BenchStack): Promise<void> {
  running.delete(stack);
  await stack.stop();
}

async function stopAll(): Promise<void> {
  await Promise.allSettled([...running].map(stop));
}

function ensureBuild(): void {
  if (existsSync(path.join(root, ".next", "BUILD_ID"))) return;
  console.log("No production build yet: running next build…");
  const build = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) throw new Error("next build failed");
}

const step = (text: string) => console.log(`• ${text}`);

async function main(): Promise<void> {
  // The bench calls the app's signIn() (AWS SDK) itself; the SDK's Node 22 notice would only
  // interrupt the progress lines.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  ensureBuild();
  const startedAt = Date.now();
  const host = machine();

  step("starting the app (LOCAL_CLIENT=web) behind a counting proxy");
  const app = await start("web");

  step(`JWKS fetches: sign-in, then ${AUTHENTICATED_REQUESTS.toLocaleString("en-US")} authenticated requests from cold`);
  const jwks = await jwksDuringAuthenticatedRequests(app, AUTHENTICATED_REQUESTS);
  await checkBenchPages(app.baseURL, jwks.signIn.cookieHeader);
  const emulatorBudget = budgetOf(jwks.signIn.setCookies, jwks.signIn.cookieHeader);

  step(`auth overhead: ${PLAN.rounds} alternating rounds × ${PLAN.seconds} s per side, ${PLAN.connections} connections`);
  app.proxy.reset();
  const overhead = await measureOverhead(app.baseURL, jwks.signIn.cookieHeader, PLAN);
  const jwksDuringOverhead = app.proxy.count(JWKS);


  // The app's own session settings: the bench chose its SESSION_SECRET.
  const config = authConfig({
    region: app.ids.region,
    userPoolId: app.ids.userPoolId,
    clientId: app.clientId,
    sessionSecret: app.sessionSecret,
    endpoint: app.proxy.url,
  });

  step(`sign-in latency: ${SIGN_IN_CALLS} through the app, ${SIGN_IN_CALLS} straight to InitiateAuth`);
  const signIn = await measureSignIn(app.baseURL, app.proxy.url, config, SIGN_IN_CALLS);

  step("verification speed and session cookie cost, in process");
  const tokens = await initiateAuthDirect(app.emulatorURL, app.clientId, ALICE);
  const verification = await measureVerification({
    idToken: tokens.IdToken,
    issuer: app.issuer,
    clientId: app.clientId,
    // Straight to the emulator: these fetches are not the app's and must not be counted.
    jwksUrl: `${app.emulatorURL}/${app.ids.userPoolId}/.well-known/jwks.json`,
  });
  const sessionCost = await measureSessionCost(
    {
      idToken: tokens.IdToken,
      accessToken: tokens.AccessToken,
      refreshToken: tokens.RefreshToken,
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
      username: ALICE.username,
    },
    config,
  );

  step(`JWKS fetches: ${FLOOD_TOKENS.toLocaleString("en-US")} tokens with unknown kids`);
  const [wrongIssuer] = await unknownKidTokens(1, "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_NotThisPool", app.clientId);
  const flood = await unknownKidFlood(
    app,
    config,
    await unknownKidTokens(FLOOD_TOKENS, app.issuer, app.clientId),
    jwks.filledAt,
    wrongIssuer!,
  );
  await stop(app);

  step("cookie budget of a real pool's token set");
  const realBudget = await realCognitoBudget(
    authConfig({
      region: "eu-west-1",
      userPoolId: "eu-west-1_Ab3dEfGh1",
      clientId: "4k2f8q9s7d6h5j3l1m0n9b8v7c",
      sessionSecret: randomBytes(32).toString("base64url"),
    }),
  );

  step("starting the app (LOCAL_CLIENT=web-short, 5-second tokens)");
  const short = await start("web-short");
  step(`refresh calls: ${CONCURRENT_REFRESHES} concurrent requests with one expiring session`);
  const refresh = await refreshSingleFlight(short, CONCURRENT_REFRESHES);
  await stop(short);

  // A flood lasting longer than a cooldown may legitimately refetch once per cooldown.
  const floodRow = (via: string, f: KidFlood): Row => ({
    measurement: `3. JWKS fetches, ${f.tokens.toLocaleString("en-US")} unknown kids (${via})`,
    value:
      `${f.fetches} in ${f.seconds.toFixed(1)} s` +
      (f.secondsSinceLastFetch === null ? "" : ` (its key cache filled ${f.secondsSinceLastFetch.toFixed(0)} s before)`),
    goal: `≤ 1 per ${JWKS_COOLDOWN_SECONDS} s`,
    met: f.fetches <= Math.max(1, Math.ceil(f.seconds / JWKS_COOLDOWN_SECONDS)),
  });
  const budgetValue = (b: CookieBudget) =>
    `Set-Cookie ${b.setCookieBytes.join(" + ")} B; Cookie header ${b.cookieHeaderBytes} B` +
    (b.tokenBytes ? ` (tokens ${b.tokenBytes.id}/${b.tokenBytes.access}/${b.tokenBytes.refresh} B)` : "");
  const { api, pages } = overhead;
  const rows: Row[] = [
    {
      measurement: "1. API: /api/auth/session ÷ /api/health",
      value: `${fmt.ratio(api.ratio)}, IQR ${fmt.ratio(api.ratioIqr[0])}–${fmt.ratio(api.ratioIqr[1])} (${fmt.rps(api.candidate.rps)} vs ${fmt.rps(api.baseline.rps)}; p50 ${api.candidate.p50Ms} vs ${api.baseline.p50Ms} ms; p99 ${api.candidate.p99Ms} vs ${api.baseline.p99Ms} ms)`,
      goal: "≥ 0.95",
      met: api.ratio >= 0.95,
    },
    {
      measurement: "1. API, middleware only: /api/health with ÷ without cookie",
      value: `${fmt.ratio(overhead.gateOnly.ratio)}, IQR ${fmt.ratio(overhead.gateOnly.ratioIqr[0])}–${fmt.ratio(overhead.gateOnly.ratioIqr[1])} (${fmt.rps(overhead.gateOnly.candidate.rps)})`,
      goal: "–",
      met: null,
    },
    {
      measurement: "1. Pages: /bench/protected ÷ /bench/public",
      value: `${fmt.ratio(pages.ratio)}, IQR ${fmt.ratio(pages.ratioIqr[0])}–${fmt.ratio(pages.ratioIqr[1])} (${fmt.rps(pages.candidate.rps)} vs ${fmt.rps(pages.baseline.rps)}; p50 ${pages.candidate.p50Ms} vs ${pages.baseline.p50Ms} ms; p99 ${pages.candidate.p99Ms} vs ${pages.baseline.p99Ms} ms)`,
      goal: "≥ 0.95",
      met: pages.ratio >= 0.95,
    },
    {
      measurement: "2. Verify, same token: ours ÷ aws-jwt-verify",
      value: `${fmt.ratio(verification.oursOverAws)} (${fmt.ops(verification.opsPerSecond.ours)} vs ${fmt.ops(verification.opsPerSecond.aws)}; verifySync ${fmt.ops(verification.opsPerSecond.awsSync)})`,
      goal: "≥ 1.0",
      met: verification.oursOverAws >= 1,
    },
    {
      measurement: "2. Verify, first sight: ours ÷ aws-jwt-verify",
      value: `${fmt.ratio(verification.firstSightOursOverAws)} (${fmt.ops(verification.opsPerSecond.oursFirstSight)} vs ${fmt.ops(verification.opsPerSecond.awsFirstSight)})`,
      goal: "–",
      met: null,
    },
    {
      measurement: "2. Verify: ours ÷ node:crypto floor",
      value: `first sight ${fmt.ratio(verification.firstSightOursOverFloor)}, same token ${fmt.ratio(verification.oursOverFloor)} (floor ${fmt.ops(verification.opsPerSecond.floor)})`,
      goal: "–",
      met: null,
    },
    {
      measurement: "2. Session cookie, in process (iron-session)",
      value: `unseal: first sight ${fmt.ops(sessionCost.unsealFirstSightOpsPerSecond)}, same seal ${fmt.ops(sessionCost.unsealSameOpsPerSecond)}; seal ${fmt.ops(sessionCost.sealOpsPerSecond)} (${sessionCost.sealBytes} B)`,
      goal: "–",
      met: null,
    },
    {
      measurement: `3. JWKS fetches, ${AUTHENTICATED_REQUESTS.toLocaleString("en-US")} authenticated requests`,
      value: `${jwks.duringRequests} (sign-in before them: ${jwks.duringSignIn}; overhead runs after: ${jwksDuringOverhead})`,
      goal: "1",
      met: jwks.duringRequests <= 1,
    },
    ...(flood.bearer ? [floodRow("Bearer → GET /api/customers", flood.bearer)] : []),
    floodRow("session cookie → middleware", flood.cookie),
    floodRow("in process, cold", flood.inProcess),
    {
      measurement: `3. Refresh calls, ${refresh.concurrent} concurrent, expiring session`,
      value: `${refresh.refreshCalls} (${refresh.concurrent} more with the old cookie after it: ${refresh.lateRefreshCalls})`,
      goal: "1",
      met: refresh.refreshCalls === 1,
    },
    {
      measurement: "4. Cookies, emulator tokens",
      value: budgetValue(emulatorBudget),
      goal: "each < 4096 B, header < 8 KB",
      met: emulatorBudget.fits,
    },
    {
      measurement: "4. Cookies, real-Cognito-sized tokens",
      value: budgetValue(realBudget),
      goal: "each < 4096 B, header < 8 KB",
      met: realBudget.fits,
    },
    {
      measurement: "5. Sign-in latency added (median)",
      value: `${fmt.ms(signIn.addedMs)} (${fmt.ms(signIn.appMedianMs)} vs ${fmt.ms(signIn.directMedianMs)}, ${signIn.calls} each; signIn() in process ${fmt.ms(signIn.sdkMedianMs)}; GET /api/health ${fmt.ms(signIn.healthMedianMs)})`,
      goal: "≤ 5 ms",
      met: signIn.addedMs <= 5,
    },
  ];

  const elapsedSeconds = Math.round((Date.now() - startedAt) / 1000);
  console.log("");
  printTable(rows);
  console.log(`\n${host.cpus} CPUs (${host.cpuModel}), ${host.memoryGiB} GiB, Node ${host.node}, load average at start ${host.loadAverage.join(" ")}; ${elapsedSeconds} s`);

  const file = path.join(root, "bench", "results.json");
  writeResults(file, {
    date: new Date().toISOString(),
    machine: host,
    elapsedSeconds,
    plan: { ...PLAN, authenticatedRequests: AUTHENTICATED_REQUESTS, floodTokens: FLOOD_TOKENS, signInCalls: SIGN_IN_CALLS, concurrentRefreshes: CONCURRENT_REFRESHES },
    rows,
    raw: {
      overhead,
      verification,
      sessionCost,
      jwks: { duringSignIn: jwks.duringSignIn, duringRequests: jwks.duringRequests, requests: jwks.requests, duringOverheadRuns: jwksDuringOverhead },
      flood,
      refresh,
      cookies: { emulator: emulatorBudget, realCognito: realBudget },
      signIn,
    },
  });
  console.log(`Results written to ${path.relative(process.cwd(), file)}`);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping everything the benchmark started…`);
    void stopAll().finally(() => process.exit(130));
  });
}

main()
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack ?? err.message : err);
    process.exitCode = 1;
  })
  .finally(stopAll);
