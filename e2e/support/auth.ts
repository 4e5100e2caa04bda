import { expect, type Locator, type Page } from "@playwright/test";

/** The one message sign-in shows for a wrong password and for an unknown user alike. */
export const INVALID_CREDENTIALS = "Incorrect username or password";
export const SESSION_EXPIRED = "Your session expired. Please sign in again.";
export const LOGIN_HEADING = "Sign in to your account";
export const FORBIDDEN_HEADING = "You don't have access to this page";

/** The login page, optionally with a raw query string (`next=…`, `reason=…`) as typed in the address bar. */
export function loginUrl(query = ""): string {
  return query ? `/login?${query}` : "/login";
}

/** Fills the credentials step and presses "Sign in"; does not wait for where it leads. */
export async function submitCredentials(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Waits until the page's path is `pathname` (the query string is not compared). */
export async function waitForPath(page: Page, pathname: string): Promise<void> {
  await page.waitForURL((url) => url.pathname === pathname);
}

/**
 * Signs in through the login form. `query` is the login page's query string (e.g. `next=%2Fcustomers`);
 * `landOn` is the path the sign-in must end on (the dashboard by default).
 */
export async function signIn(
  page: Page,
  who: { email: string; password: string },
  options: { query?: string; landOn?: string } = {},
): Promise<void> {
  await page.goto(loginUrl(options.query));
  await expect(page.getByRole("heading", { name: LOGIN_HEADING })).toBeVisible();
  await submitCredentials(page, who.email, who.password);
  await waitForPath(page, options.landOn ?? "/dashboard");
}

/** Presses the header's "Sign out" and waits for the login page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await waitForPath(page, "/login");
  await expect(page.getByRole("heading", { name: LOGIN_HEADING })).toBeVisible();
}

/**
 * An alert with this text. Next injects its own `role="alert"` route announcer, so alerts are
 * always picked by their text.
 */
export function alertWithText(page: Page, text: string): Locator {
  return page.getByRole("alert").filter({ hasText: text });
}
