import type { AuthConfig } from "../lib/auth/config";
import { sealSession, unsealSession, type SessionData } from "../lib/auth/session";
import { timeTasks } from "./timing";

/**
 * Where a signed-in request's time goes besides the signature: opening the session cookie
 * (iron-session unseal) on every request, sealing it on sign-in and refresh. In process, on a
 * session holding the emulator's tokens.
 */
export interface SessionCost {
  sealBytes: number;
  unsealOpsPerSecond: number;
  sealOpsPerSecond: number;
}

export async function measureSessionCost(session: SessionData, config: AuthConfig): Promise<SessionCost> {
  const seal = await sealSession(session, config);
  if (!(await unsealSession(seal, config))) throw new Error("a fresh seal did not open");
  const timed = await timeTasks(
    {
      unseal: async () => {
        if (!(await unsealSession(seal, config))) throw new Error("seal did not open");
      },
      seal: () => sealSession(session, config),
    },
    { time: 1000, warmupTime: 200 },
  );
  return { sealBytes: seal.length, unsealOpsPerSecond: timed.unseal!.opsPerSecond, sealOpsPerSecond: timed.seal!.opsPerSecond };
}
