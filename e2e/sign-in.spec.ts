import { expect, test, type Page, type Request } from "@playwright/test";
import { INVALID_CREDENTIALS, LOGIN_HEADING, alertWithText, signIn, signOut, submitCredentials, waitForPath } from "./support/auth";
import { DAVE, PERSONAS } from "./support/users";

const bob = PERSONAS.bob;

/** The text of the sign-in error alert after submitting these credentials on a fresh login page. */
async function signInErrorFor(page: Page, email: string, password: string): Promise<string> {
  await page.goto("/login");
  await submitCredentials(page, email, password);
  const alert = alertWithText(page, INVALID_CREDENTIALS);
  await expect(alert).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByTestId("user-name")).toHaveCount(0);
  return (await alert.innerText()).trim();
}

test("a wrong password and an unknown user get the same generic error", async ({ page }) => {
  const wrongPassword = await signInErrorFor(page, bob.email, "Not-Bobs-Passw0rd!");
  const unknownUser = await signInErrorFor(page, "nobody-here@example.com", bob.password);
  expect(wrongPassword).toBe(INVALID_CREDENTIALS);
  expect(unknownUser).toBe(wrongPassword);
  // The typed email is kept for a retry.
  await expect(page.getByLabel("Email")).toHaveValue("nobody-here@example.com");
});

test("dave replaces his temporary password, and only the new one works afterwards", async ({ page }) => {
  const newPassword = "Dave-N3w-Passw0rd!";

  await page.goto("/login");
  await submitCredentials(page, DAVE.email, DAVE.temporaryPassword);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await expect(page.getByLabel("New password", { exact: true })).toBeVisible();

  await test.step("a mismatched confirmation is caught before anything is sent", async () => {
    const posts: string[] = [];
    const onRequest = (request: { method(): string; url(): string }) => {
      if (request.method() === "POST") posts.push(request.url());
    };
    page.on("request", onRequest);
    await page.getByLabel("New password", { exact: true }).fill(newPassword);
    await page.getByLabel("Confirm new password").fill(`${newPassword}x`);
    await page.getByRole("button", { name: "Set password and sign in" }).click();
    await expect(alertWithText(page, "The passwords do not match")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
    await expect(page).toHaveURL(/\/login$/);
    page.off("request", onRequest);
    expect(posts, "the mismatch never reached the server").toEqual([]);
  });

  await test.step("a valid new password signs dave in", async () => {
    await page.getByLabel("Confirm new password").fill(newPassword);
    await page.getByRole("button", { name: "Set password and sign in" }).click();
    await waitForPath(page, "/dashboard");
    await expect(page.getByTestId("user-name")).toHaveText(DAVE.email);
    await expect(page.getByTestId("user-roles")).toHaveText(DAVE.roles.join(""));
    await expect(page.getByTestId("user-team")).toHaveText(DAVE.team);
  });

  await signOut(page);

  await test.step("the temporary password no longer signs in", async () => {
    await submitCredentials(page, DAVE.email, DAVE.temporaryPassword);
    await expect(alertWithText(page, INVALID_CREDENTIALS)).toBeVisible();
    await expect(page.getByRole("heading", { name: "Choose a new password" })).toHaveCount(0);
    await expect(page.getByTestId("user-name")).toHaveCount(0);
  });

  await test.step("the new password does", async () => {
    await signIn(page, { email: DAVE.email, password: newPassword });
    await expect(page.getByTestId("user-name")).toHaveText(DAVE.email);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the form posts and signs in; a wrong password shows the error", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByRole("heading", { name: LOGIN_HEADING })).toBeVisible();
    // With scripts off, only a real form post (a document navigation) can carry the credentials.
    const isFormPost = (r: Request) => r.method() === "POST" && r.isNavigationRequest() && new URL(r.url()).pathname === "/login";
    let post = page.waitForRequest(isFormPost);
    await submitCredentials(page, bob.email, "Not-Bobs-Passw0rd!");
    await post;
    await expect(alertWithText(page, INVALID_CREDENTIALS)).toBeVisible();
    await expect(page.getByTestId("user-name")).toHaveCount(0);

    post = page.waitForRequest(isFormPost);
    await submitCredentials(page, bob.email, bob.password);
    await post;
    await waitForPath(page, "/dashboard");
    await expect(page.getByTestId("user-name")).toHaveText(bob.email);
  });
});
