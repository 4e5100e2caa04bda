import { expect, test } from "@playwright/test";
import { FORBIDDEN_HEADING, LOGIN_HEADING, signIn, submitCredentials, waitForPath } from "./support/auth";
import { PERSONAS } from "./support/users";

const bob = PERSONAS.bob;

test("deep link: anonymous /customers → sign in → back on /customers", async ({ page, baseURL }) => {
  await page.goto("/customers");
  await waitForPath(page, "/login");
  expect(page.url()).toBe(`${baseURL}/login?next=%2Fcustomers`);
  await expect(page.getByRole("heading", { name: LOGIN_HEADING })).toBeVisible();

  await submitCredentials(page, bob.email, bob.password);
  // /customers lands on another branch: until then whatever is served there (a 404) is fine, as
  // long as bob is on /customers and not bounced to /login or /forbidden.
  await waitForPath(page, "/customers");
  expect(new URL(page.url()).origin).toBe(baseURL);
});

test("deep link with a query: anonymous /teams/sales?tab=x keeps its query through sign-in", async ({ page }) => {
  await page.goto("/teams/sales?tab=x");
  await waitForPath(page, "/login");
  expect(new URL(page.url()).searchParams.get("next")).toBe("/teams/sales?tab=x");
  await submitCredentials(page, bob.email, bob.password);
  await waitForPath(page, "/teams/sales");
  expect(new URL(page.url()).search).toBe("?tab=x");
  await expect(page.getByRole("heading", { level: 1, name: "Team sales" })).toBeVisible();
});

/**
 * `next` values that browsers can read as another site. Each `query` is the login URL's query string
 * exactly as it would be typed or linked (percent-escapes included); `lands` is where sign-in must end.
 */
const VECTORS: readonly { label: string; query: string; lands: string }[] = [
  { label: "//evil.example", query: "next=//evil.example", lands: "/dashboard" },
  { label: "/\\evil.example", query: "next=/\\evil.example", lands: "/dashboard" },
  { label: "\\evil.example", query: "next=\\evil.example", lands: "/dashboard" },
  { label: "https://evil.example", query: "next=https://evil.example", lands: "/dashboard" },
  { label: "https://evil.example (escaped)", query: "next=https%3A%2F%2Fevil.example", lands: "/dashboard" },
  { label: "javascript:alert(1)", query: "next=javascript:alert(1)", lands: "/dashboard" },
  // Unescaped by the query parser into "///evil.example": refused.
  { label: "/%2F%2Fevil.example", query: "next=/%2F%2Fevil.example", lands: "/dashboard" },
  // The literal text "/%2F%2Fevil.example" is a same-site path, but no page has it: the dashboard.
  { label: "/%2F%2Fevil.example (literal)", query: "next=/%252F%252Fevil.example", lands: "/dashboard" },
  // A tab before "/evil.example" ("\t/evil.example"): refused.
  { label: "%09/evil.example", query: "next=%09/evil.example", lands: "/dashboard" },
  // "/\t/evil.example": URL parsers drop the tab and read "//evil.example": refused.
  { label: "/%09/evil.example", query: "next=/%09/evil.example", lands: "/dashboard" },
];

for (const vector of VECTORS) {
  test(`next=${vector.label} stays on the site`, async ({ page, baseURL }) => {
    const offSite: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).hostname.endsWith("evil.example")) offSite.push(request.url());
    });
    page.on("dialog", (dialog) => {
      offSite.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });

    await signIn(page, bob, { query: vector.query, landOn: vector.lands });
    const url = new URL(page.url());
    expect(url.origin).toBe(baseURL);
    expect(url.pathname).toBe(vector.lands);
    if (vector.lands === "/dashboard") await expect(page.getByTestId("user-name")).toHaveText(bob.email);
    expect(offSite, "no request or script went off-site").toEqual([]);
  });
}

test("deep link to a page the user may not open: sign-in lands on /forbidden (403) for it", async ({ page }) => {
  const carol = PERSONAS.carol;
  await page.goto("/customers");
  await waitForPath(page, "/login");
  await submitCredentials(page, carol.email, carol.password);
  await waitForPath(page, "/forbidden");
  expect(new URL(page.url()).searchParams.get("from")).toBe("/customers");
  await expect(page.getByRole("heading", { level: 1, name: FORBIDDEN_HEADING })).toBeVisible();
  await expect(page.getByTestId("required-roles")).toContainText("staff");
  await expect(page.getByTestId("user-roles")).toHaveText(carol.roles.join(", "));
  // The landing after the sign-in action is a client-side render: reload to see the page's own status.
  const reloaded = await page.reload();
  expect(reloaded?.status()).toBe(403);
});

test("a signed-in visitor opening /login goes straight on", async ({ page }) => {
  await signIn(page, bob);
  await page.goto("/login");
  await waitForPath(page, "/dashboard");
  await expect(page.getByTestId("user-name")).toHaveText(bob.email);

  // …to a safe `next` when there is one, and to the dashboard when it is off-site.
  await page.goto("/login?next=%2Fteams%2Fsales");
  await waitForPath(page, "/teams/sales");
  await expect(page.getByRole("heading", { level: 1, name: "Team sales" })).toBeVisible();
  await page.goto("/login?next=//evil.example");
  await waitForPath(page, "/dashboard");
});
