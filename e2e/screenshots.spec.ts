import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { FORBIDDEN_HEADING, LOGIN_HEADING, signIn } from "./support/auth";
import { PERSONAS } from "./support/users";

/**
 * Full-page screenshots of the main screens, kept as test artifacts under test-results/screenshots/;
 * the login page and the admin access matrix are also copied into docs/screenshots/ for the README.
 */
test.use({ viewport: { width: 1280, height: 800 } });

function repoRoot(testInfo: TestInfo): string {
  return testInfo.config.configFile ? path.dirname(testInfo.config.configFile) : process.cwd();
}

async function shoot(page: Page, testInfo: TestInfo, name: string, docsName?: string): Promise<void> {
  const root = repoRoot(testInfo);
  const dir = path.join(root, "test-results", "screenshots");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
  if (docsName) {
    const docs = path.join(root, "docs", "screenshots");
    mkdirSync(docs, { recursive: true });
    copyFileSync(file, path.join(docs, docsName));
  }
}

test("screenshots: login, dashboard, forbidden, admin", async ({ page, browser }, testInfo) => {
  const bob = PERSONAS.bob;
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: LOGIN_HEADING })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await shoot(page, testInfo, "login", "login.png");

  await signIn(page, bob);
  await expect(page.getByTestId("user-name")).toHaveText(bob.email);
  await shoot(page, testInfo, "dashboard");

  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: FORBIDDEN_HEADING })).toBeVisible();
  await expect(page.getByTestId("required-roles")).toContainText("admin");
  await shoot(page, testInfo, "forbidden");

  const adminContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const admin = await adminContext.newPage();
    await signIn(admin, PERSONAS.alice);
    await admin.goto("/admin");
    await expect(admin.getByRole("heading", { level: 1, name: "Access matrix" })).toBeVisible();
    await expect(admin.getByRole("table")).toBeVisible();
    await shoot(admin, testInfo, "admin", "access-matrix.png");
  } finally {
    await adminContext.close();
  }
});
