import { expect, test } from "@playwright/test";

test("signs in through the API in Chromium and reads /api/auth/session", async ({ page }) => {
  await page.goto("/");
  const status = await page.evaluate(async () => {
    const res = await fetch("/api/auth/sign-in", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "bob@example.com", password: "Demo-Passw0rd!" }),
    });
    return res.status;
  });
  expect(status).toBe(200);
  const session = await page.evaluate(async () => (await fetch("/api/auth/session")).json());
  expect(session.user.email).toBe("bob@example.com");
  // The session cookie is HttpOnly: page JavaScript cannot read it.
  expect(await page.evaluate(() => document.cookie)).not.toContain("session.");
});
