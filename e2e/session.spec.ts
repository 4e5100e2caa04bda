import { expect, test } from "@playwright/test";
import { LOGIN_HEADING, signIn, signOut } from "./support/auth";
import { PERSONAS } from "./support/users";
import { watchForSelector } from "./support/watch";

const bob = PERSONAS.bob;

test("after sign-out the back button shows no protected content", async ({ page }) => {
  await signIn(page, bob);

  const response = await page.goto("/dashboard");
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId("user-name")).toHaveText(bob.email);
  // Protected pages must not be kept by the browser's cache (or replayed by the back button).
  expect(response?.headers()["cache-control"] ?? "").toContain("no-store");

  const team = await page.goto("/teams/sales");
  expect(team?.headers()["cache-control"] ?? "").toContain("no-store");
  const userData = '[data-testid="user-name"], [data-testid="token-expiry"]';
  // Control: while signed in, going back shows the dashboard again, and the watcher sees it.
  const sawWhileSignedIn = await watchForSelector(page, userData);
  await page.goBack();
  await expect(page.getByTestId("user-name")).toHaveText(bob.email);
  expect(await sawWhileSignedIn()).toBe(true);

  await signOut(page);

  // The dashboard's user data must not appear at all, not even for a moment before a redirect.
  const sawUserData = await watchForSelector(page, userData);
  await page.goBack();
  // Either the login page (a re-fetch redirected) or nothing: never the dashboard's user data.
  await expect(page).toHaveURL(/\/login(\?|$)/);
  await expect(page.getByRole("heading", { name: LOGIN_HEADING })).toBeVisible();
  await expect(page.getByTestId("user-name")).toHaveCount(0);
  await expect(page.getByTestId("token-expiry")).toHaveCount(0);
  await expect(page.getByText(bob.email)).toHaveCount(0);
  expect(await sawUserData(), "the dashboard's user data was never rendered after sign-out").toBe(false);

  // Reloading the protected URL directly is refused as well.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
  await expect(page.getByTestId("user-name")).toHaveCount(0);
});
