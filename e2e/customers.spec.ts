import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";

/**
 * The /customers page in Chromium, through the real login form. The e2e servers keep their customers
 * database between runs, so every customer made here has a unique name and email.
 */
const PASSWORD = "Demo-Passw0rd!";

async function signIn(page: Page, email: string, next: string): Promise<void> {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("bob creates a customer in sales and sees it listed, with staff-only actions", async ({ page }) => {
  await signIn(page, "bob@example.com", "/customers");
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByRole("heading", { name: "Customers" })).toBeVisible();
  await expect(page.getByText("Team sales")).toBeVisible();

  // Staff see their team only, may edit but are not offered delete or a team filter.
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows.nth(1)).toBeVisible();
  for (const cell of await page.getByRole("table").locator("tbody tr td:nth-child(3)").allTextContents()) expect(cell).toBe("sales");
  await expect(page.getByRole("link", { name: /^Edit / }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: /^Delete / })).toHaveCount(0);
  await expect(page.getByLabel("Filter by team")).toHaveCount(0);

  const form = page.getByRole("form", { name: "New customer" });
  await expect(form.getByLabel("Team").locator("option")).toHaveText(["sales"]);

  // A bad email comes back as a field error, and what was typed stays.
  const name = `E2E Bob ${randomUUID().slice(0, 8)}`;
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Email").fill("not-an-email");
  await form.getByRole("button", { name: "Create customer" }).click();
  await expect(form.getByText("Email must be a valid email address")).toBeVisible();
  await expect(form.getByLabel("Name")).toHaveValue(name);

  const email = `e2e-${randomUUID()}@bob.example`;
  await form.getByLabel("Email").fill(email);
  await form.getByRole("button", { name: "Create customer" }).click();

  await expect(page.getByRole("status").filter({ hasText: "Customer created." })).toBeVisible();
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toBeVisible();
  await expect(row.getByRole("cell", { name: email })).toBeVisible();
  await expect(row.getByRole("cell", { name: "sales", exact: true })).toBeVisible();
  await expect(row.getByText("active")).toBeVisible();

  // Editing goes through the same checks; the form opens above the list, prefilled.
  await row.getByRole("link", { name: `Edit ${name}` }).click();
  const edit = page.getByRole("form", { name: `Edit ${name}` });
  await expect(edit.getByLabel("Email")).toHaveValue(email);
  await edit.getByLabel("Status").selectOption("churned");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Customer updated." })).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(name) }).getByText("churned")).toBeVisible();
});

test("alice deletes a customer only after confirming", async ({ page }) => {
  await signIn(page, "alice@example.com", "/customers");
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByRole("paragraph").filter({ hasText: /^All teams$/ })).toBeVisible();
  await expect(page.getByLabel("Filter by team")).toBeVisible();

  const name = `E2E Alice ${randomUUID().slice(0, 8)}`;
  const form = page.getByRole("form", { name: "New customer" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Email").fill(`e2e-${randomUUID()}@alice.example`);
  await form.getByLabel("Team").selectOption("support");
  await form.getByRole("button", { name: "Create customer" }).click();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toBeVisible();

  await page.getByRole("link", { name: `Delete ${name}` }).click();
  const confirm = page.getByRole("form", { name: `Confirm deleting ${name}` });
  await expect(confirm).toBeVisible();
  // Cancelling keeps it.
  await confirm.getByRole("link", { name: "Cancel" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByRole("row", { name: new RegExp(name) })).toBeVisible();

  await page.getByRole("link", { name: `Delete ${name}` }).click();
  await page.getByRole("form", { name: `Confirm deleting ${name}` }).getByRole("button", { name: "Yes, delete" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Customer deleted." })).toBeVisible();
  await page.getByLabel("Search").fill(name);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("No customers match.")).toBeVisible();
});

test("carol (viewer) is refused and lands on /forbidden", async ({ page }) => {
  await signIn(page, "carol@example.com", "/dashboard");
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto("/customers");
  await expect(page).toHaveURL(/\/forbidden\?from=%2Fcustomers/);
  await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Customers" })).toHaveCount(0);
});
