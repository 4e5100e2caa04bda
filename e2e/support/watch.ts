import { expect, type Page } from "@playwright/test";

declare global {
  interface Window {
    __e2eSawSelector?: boolean;
  }
}

/**
 * Records whether an element matching `selector` enters the DOM from now on, in this document and
 * in any later one, so a protected view that only flashes before a redirect is caught too.
 * The element must not be on the page when watching starts.
 */
export async function watchForSelector(page: Page, selector: string): Promise<() => Promise<boolean>> {
  await expect(page.locator(selector)).toHaveCount(0);
  const install = (sel: string) => {
    window.__e2eSawSelector = false;
    new MutationObserver(() => {
      if (document.querySelector(sel)) window.__e2eSawSelector = true;
    }).observe(document, { childList: true, subtree: true });
  };
  await page.addInitScript(install, selector);
  await page.evaluate(install, selector);
  return async () => page.evaluate(() => window.__e2eSawSelector === true);
}
