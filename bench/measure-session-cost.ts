import type { AuthConfig } from "../lib/auth/config";
import { sealSession, unsealSession, type SessionData } from "../lib/auth/session";
import { timeTasks } from "./timing";

/**
 * Where a signed-in request's time goes besides the signature: opening the session cookie
 * (iron-session unseal), and sealing it on sign-in and refresh. In process, on a session holding
 * the emulator's tokens. `unsealSession` remembers seals it opened, so the same seal again is a
 * lookup; "first sight" opens seals it has never seen, each once.
 */
export interface SessionCost {
  sealBytes: number;
  unsealSameOpsPerSecond: number;
  unsealFirstSightOpsPerSecond: number;
  sealOpsPerSecond: number;
}

const FIRST_SIGHT = 300;
const FIRST_SIGHT_WARMUP = 30;

export async function measureSessionCost(session: SessionData, config: AuthConfig): Promise<SessionCost> {
  const seal = await sealSession(session, config);
  if (!(await unsealSession(seal, config))) throw new Error("a fresh seal did not open");
  // Every seal differs (random salts and IV) even for the same session.
  const fresh: string[] = [];
  for (let i = 0; i < FIRST_SIGHT_WARMUP + FIRST_SIGHT; i++) fresh.push(await sealSession(session, config));
  let next = 0;
  for (; next < FIRST_SIGHT_WARMUP; next++) await unsealSession(fresh[next]!, config);

  const repeated = await timeTasks(
    {
      unsealSame: async () => {
        if (!(await unsealSession(seal, config))) throw new Error("seal did not open");
      },
      seal: async () => {
        await sealSession(session, config);
      },
    },
    { time: 1000, warmupTime: 200 },
  );
  const once = await timeTasks(
    {
      unsealFirstSight: async () => {
        const unseen = fresh[next++];
        if (unseen === undefined) throw new Error("ran out of first-sight seals");
        if (!(await unsealSession(unseen, config))) throw new Error("seal did not open");
      },
    },
    { iterations: FIRST_SIGHT, time: 0, warmup: false },
  );
  return {
    sealBytes: seal.length,
    unsealSameOpsPerSecond: repeated.unsealSame!.opsPerSecond,
    unsealFirstSightOpsPerSecond: once.unsealFirstSight!.opsPerSecond,
    sealOpsPerSecond: repeated.seal!.opsPerSecond,
  };
}
