import { expect, type Page } from "@playwright/test";

/** The "Tokens expire" time the dashboard shows, in epoch milliseconds (from its <time datetime>). */
export async function shownTokenExpiry(page: Page): Promise<number> {
  const time = page.getByTestId("token-expiry").locator("time");
  await expect(time).toBeVisible();
  const iso = await time.getAttribute("datetime");
  expect(iso, "the dashboard shows when the tokens expire").toBeTruthy();
  const ms = Date.parse(iso ?? "");
  expect(Number.isNaN(ms), `token-expiry datetime "${iso}" parses`).toBe(false);
  return ms;
}

/** Waits (polling the clock) until the wall clock has passed `epochMs`. */
export async function waitUntilPast(epochMs: number, what: string): Promise<void> {
  await expect
    .poll(() => Date.now(), { message: `waiting until ${what} has passed`, timeout: 30_000, intervals: [100] })
    .toBeGreaterThan(epochMs);
}

/** The session cookie chunks (`session.0`, `session.1`, …) as name → value. Never print these. */
export function sessionChunks(cookies: readonly { name: string; value: string }[]): Map<string, string> {
  return new Map(cookies.filter((c) => /^session\.\d+$/.test(c.name)).map((c) => [c.name, c.value]));
}
