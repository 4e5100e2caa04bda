import { describe, expect, it } from "vitest";
import type { User } from "@/lib/auth/claims";
import { needsRefresh, REFRESH_MARGIN_SECONDS, refreshSession, type Refreshed } from "@/lib/auth/refresh-session";
import type { SessionData } from "@/lib/auth/session";

const NOW_MS = 1_800_000_000_000;
const NOW = NOW_MS / 1000;

// Each test uses its own refresh tokens: the single-flight cache lives for the whole module.
let tokenCount = 0;
function session(overrides: Partial<SessionData> = {}): SessionData {
  return {
    idToken: "id",
    accessToken: "access",
    refreshToken: `refresh-${++tokenCount}-${Math.random()}`,
    expiresAt: NOW + 30,
    username: "alice",
    ...overrides,
  };
}

const user: User = { sub: "s", username: "alice", roles: ["admin"], groups: ["admin"], tokenUse: "id" };

/** A refresh function that counts calls and resolves only when the test says so. */
function controlledRefresh() {
  let calls = 0;
  const pending: { resolve: (r: Refreshed) => void; reject: (e: Error) => void; session: SessionData }[] = [];
  const refresh = (s: SessionData) =>
    new Promise<Refreshed>((resolve, reject) => {
      calls++;
      pending.push({ resolve, reject, session: s });
    });
  return { refresh, calls: () => calls, pending };
}

function refreshed(from: SessionData, idToken: string): Refreshed {
  return { session: { ...from, idToken, expiresAt: NOW + 3600 }, user };
}

describe("needsRefresh", () => {
  it(`refreshes ${REFRESH_MARGIN_SECONDS} s before expiry, not earlier`, () => {
    expect(REFRESH_MARGIN_SECONDS).toBe(60);
    expect(needsRefresh({ expiresAt: NOW + 61 }, NOW_MS)).toBe(false);
    expect(needsRefresh({ expiresAt: NOW + 60 }, NOW_MS)).toBe(true);
    expect(needsRefresh({ expiresAt: NOW + 59 }, NOW_MS)).toBe(true);
    expect(needsRefresh({ expiresAt: NOW - 3600 }, NOW_MS)).toBe(true);
  });

  it("ignores the sub-second part of now", () => {
    expect(needsRefresh({ expiresAt: NOW + 61 }, NOW_MS + 999)).toBe(false);
    expect(needsRefresh({ expiresAt: NOW + 61 }, NOW_MS + 1000)).toBe(true);
  });
});

describe("refreshSession", () => {
  it("makes one refresh call for 20 concurrent requests with the same refresh token", async () => {
    const fake = controlledRefresh();
    const s = session();
    const all = Promise.all(Array.from({ length: 20 }, () => refreshSession({ ...s }, fake.refresh)));
    expect(fake.calls()).toBe(1);
    fake.pending[0]!.resolve(refreshed(s, "id-new"));
    const results = await all;
    expect(results.every((r) => r.session.idToken === "id-new")).toBe(true);
    expect(fake.calls()).toBe(1);
  });

  it("never hands out a finished refresh again (a revoked token cannot be replayed from memory)", async () => {
    const fake = controlledRefresh();
    const s = session();
    const first = refreshSession(s, fake.refresh);
    fake.pending[0]!.resolve(refreshed(s, "id-1"));
    await first;
    const second = refreshSession(s, fake.refresh);
    expect(fake.calls()).toBe(2);
    fake.pending[1]!.reject(new Error("refresh token revoked"));
    await expect(second).rejects.toThrow("refresh token revoked");
  });

  it("does not cache a failure: the next call retries", async () => {
    const fake = controlledRefresh();
    const s = session();
    const concurrent = [refreshSession(s, fake.refresh), refreshSession(s, fake.refresh)];
    fake.pending[0]!.reject(new Error("user pool unreachable"));
    for (const p of concurrent) await expect(p).rejects.toThrow("user pool unreachable");
    expect(fake.calls()).toBe(1);

    const retry = refreshSession(s, fake.refresh);
    expect(fake.calls()).toBe(2);
    fake.pending[1]!.resolve(refreshed(s, "id-after-outage"));
    await expect(retry).resolves.toMatchObject({ session: { idToken: "id-after-outage" } });
  });

  it("makes separate calls for different refresh tokens", async () => {
    const fake = controlledRefresh();
    const a = session();
    const b = session();
    const both = Promise.all([refreshSession(a, fake.refresh), refreshSession(b, fake.refresh)]);
    expect(fake.calls()).toBe(2);
    expect(fake.pending.map((p) => p.session.refreshToken)).toEqual([a.refreshToken, b.refreshToken]);
    fake.pending[0]!.resolve(refreshed(a, "id-a"));
    fake.pending[1]!.resolve(refreshed(b, "id-b"));
    const [ra, rb] = await both;
    expect(ra.session.idToken).toBe("id-a");
    expect(rb.session.idToken).toBe("id-b");
  });

  it("refuses a session without a refresh token without calling refresh", async () => {
    const fake = controlledRefresh();
    await expect(refreshSession(session({ refreshToken: undefined }), fake.refresh)).rejects.toThrow();
    expect(fake.calls()).toBe(0);
  });
});
