import type { AuthConfig } from "../lib/auth/config";
import { signIn } from "../lib/auth/cognito";
import { median } from "./http-load";
import { BOB, type Credentials } from "./sign-in";
import { inTurn, timeTasks } from "./timing";

/**
 * 5. Latency the app adds to a sign-in: POST /api/auth/sign-in against the InitiateAuth call it
 * makes, sent straight to the emulator. Both go through the counting proxy, as the app's own call
 * does, and both use Node's fetch, so the difference is the app's work: routing, the SDK, the ID
 * token check, sealing the session and setting its cookies.
 */
export interface SignInLatency {
  calls: number;
  appMedianMs: number;
  directMedianMs: number;
  addedMs: number;
  /** Median of a bare GET /api/health in the same rounds: what any request through the app costs. */
  healthMedianMs: number;
  /** Median of the app's own signIn() (lib/auth/cognito.ts, AWS SDK) called in this process. */
  sdkMedianMs: number;
}

const ROUNDS = 4;

export async function measureSignIn(
  baseURL: string,
  cognitoEndpoint: string,
  config: AuthConfig,
  calls: number,
  user: Credentials = BOB,
): Promise<SignInLatency> {
  const viaApp = async () => {
    const res = await fetch(`${baseURL}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(user),
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`sign-in through the app answered ${res.status}`);
  };
  const direct = async () => {
    const res = await fetch(`${cognitoEndpoint}/`, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth",
      },
      body: JSON.stringify({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: config.clientId,
        AuthParameters: { USERNAME: user.username, PASSWORD: user.password },
      }),
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`InitiateAuth answered ${res.status}`);
  };

  // Context for the difference: the app's cost for a request that does nothing, and the SDK's
  // cost over a bare fetch (the same call the route makes, without the route).
  const sdk = async () => {
    const result = await signIn(user.username, user.password, config);
    if (result.kind !== "signedIn") throw new Error("signIn() asked for a challenge");
  };
  const health = async () => {
    const res = await fetch(`${baseURL}/api/health`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`health answered ${res.status}`);
  };

  // Blocks of calls take turns, each round starting with the next task: the emulator keeps every
  // refresh token it issues, so it slows as the run goes on, and all sides must share that drift.
  const perRound = Math.ceil(calls / ROUNDS);
  const app: number[] = [];
  const straight: number[] = [];
  const bare: number[] = [];
  const viaSdk: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const timed = await timeTasks(
      inTurn({ app: viaApp, direct, health, sdk }, round),
      { iterations: perRound, time: 0, warmup: round === 0, warmupIterations: 10, warmupTime: 0, retainSamples: true },
    );
    app.push(...timed.app!.samples);
    straight.push(...timed.direct!.samples);
    bare.push(...timed.health!.samples);
    viaSdk.push(...timed.sdk!.samples);
  }
  const appMedianMs = median(app);
  const directMedianMs = median(straight);
  return { calls: perRound * ROUNDS, appMedianMs, directMedianMs, addedMs: appMedianMs - directMedianMs, healthMedianMs: median(bare), sdkMedianMs: median(viaSdk) };
}
