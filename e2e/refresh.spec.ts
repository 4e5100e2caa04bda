import { expect, test, type Page } from "@playwright/test";
import { SHORT_BASE_URL } from "../playwright.config";
import { SESSION_EXPIRED, signIn, signOut } from "./support/auth";
import { sessionChunks, shownTokenExpiry, waitUntilPast } from "./support/dashboard";
import { PERSONAS } from "./support/users";

/**
 * Against the second server, whose app client issues tokens that live 5 seconds: the session must
 * be refreshed underneath the user, and a revoked refresh token must end it.
 */
test.use({ baseURL: SHORT_BASE_URL });

const bob = PERSONAS.bob;

/** Opens `path` and checks the user is still signed in there (never bounced to /login). */
async function openSignedIn(page: Page, path: string, heading: string): Promise<void> {
  const response = await page.goto(path);
  expect(new URL(page.url()).pathname, `still signed in on ${path}`).toBe(path);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
}

test("tokens are refreshed transparently while the user keeps navigating", async ({ page, context }) => {
  await signIn(page, bob);
  await expect(page.getByTestId("user-name")).toHaveText(bob.email);
  const firstExpiry = await shownTokenExpiry(page);
  const firstCookies = sessionChunks(await context.cookies());
  expect(firstCookies.size).toBeGreaterThan(0);

  // Keep using the app until the first tokens have expired and the dashboard shows newer ones.
  let latestExpiry = firstExpiry;
  await expect
    .poll(
      async () => {
        await openSignedIn(page, "/teams/sales", "Team sales");
        await openSignedIn(page, "/dashboard", `Welcome, ${bob.email}`);
        latestExpiry = await shownTokenExpiry(page);
        return Date.now() > firstExpiry && latestExpiry > firstExpiry;
      },
      { message: "navigating past the first tokens' expiry, with the expiry moving forward", timeout: 40_000, intervals: [250] },
    )
    .toBe(true);

  expect(latestExpiry).toBeGreaterThan(firstExpiry);
  await expect(page.getByTestId("user-name")).toHaveText(bob.email);
  const laterCookies = sessionChunks(await context.cookies());
  expect(laterCookies.size).toBeGreaterThan(0);
  expect(laterCookies.get("session.0"), "the session cookie was rewritten by the refresh").not.toBe(firstCookies.get("session.0"));
});

test("a refresh token revoked by signing out elsewhere ends the session: /login?reason=expired", async ({ page, browser }) => {
  // Context A: bob signs in.
  await signIn(page, bob);
  await expect(page.getByTestId("user-name")).toHaveText(bob.email);
  const expiry = await shownTokenExpiry(page);

  // Context B: the same session (its cookies copied), signed out there; that revokes the refresh token.
  const other = await browser.newContext({ baseURL: SHORT_BASE_URL });
  let otherExpiry = expiry;
  try {
    await other.addCookies(await page.context().cookies());
    const otherPage = await other.newPage();
    await otherPage.goto("/dashboard");
    await expect(otherPage.getByTestId("user-name")).toHaveText(bob.email);
    otherExpiry = await shownTokenExpiry(otherPage);
    await signOut(otherPage);
  } finally {
    await other.close();
  }

  // Back in A, once the tokens either browser was shown have expired, the next page needs a
  // refresh, and the revoked refresh token must not give one.
  await waitUntilPast(Math.max(expiry, otherExpiry), "the tokens' expiry shown on A's and B's dashboards");
  await page.goto("/dashboard");
  await expect(page, "A is sent to sign in again").toHaveURL((u) => u.pathname === "/login");
  const url = new URL(page.url());
  expect(url.searchParams.get("reason")).toBe("expired");
  expect(url.searchParams.get("next")).toBe("/dashboard");
  await expect(page.getByText(SESSION_EXPIRED)).toBeVisible();
  await expect(page.getByTestId("user-name")).toHaveCount(0);
  expect(sessionChunks(await page.context().cookies()).size, "the dead session's cookies are cleared").toBe(0);
});
