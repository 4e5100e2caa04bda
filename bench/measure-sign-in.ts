import { median } from "./http-load";
import { BOB, type Credentials } from "./sign-in";
import { timeTasks } from "./timing";

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
}

const ROUNDS = 4;

export async function measureSignIn(
  baseURL: string,
  cognitoEndpoint: string,
  clientId: string,
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
        ClientId: clientId,
        AuthParameters: { USERNAME: user.username, PASSWORD: user.password },
      }),
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`InitiateAuth answered ${res.status}`);
  };

  // Context for the difference: the app's cost for a request that does nothing.
  const health = async () => {
    const res = await fetch(`${baseURL}/api/health`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`health answered ${res.status}`);
  };

  // Blocks of calls take turns (app, direct, app, direct…): the emulator keeps every refresh
  // token it issues, so it slows as the run goes on, and both sides must share that drift.
  const perRound = Math.ceil(calls / ROUNDS);
  const app: number[] = [];
  const straight: number[] = [];
  const bare: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const timed = await timeTasks(
      { app: viaApp, direct, health },
      { iterations: perRound, time: 0, warmup: round === 0, warmupIterations: 10, warmupTime: 0, retainSamples: true },
    );
    app.push(...timed.app!.samples);
    straight.push(...timed.direct!.samples);
    bare.push(...timed.health!.samples);
  }
  const appMedianMs = median(app);
  const directMedianMs = median(straight);
  return { calls: perRound * ROUNDS, appMedianMs, directMedianMs, addedMs: appMedianMs - directMedianMs, healthMedianMs: median(bare) };
}
