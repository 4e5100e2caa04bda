/**
 * Where to send a user after sign-in. Only same-origin relative paths are honoured: `//host`,
 * `/\host`, `\host`, absolute URLs, `javascript:` and anything with control characters fall back, since
 * browsers treat several of these as off-site.
 */
export const DEFAULT_AFTER_SIGN_IN = "/dashboard";

export function safeNext(value: unknown, fallback = DEFAULT_AFTER_SIGN_IN): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  // Browsers read "\" as "/" in URLs, so "/\evil.com" is "//evil.com": refuse any backslash.
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return fallback;
  // Tabs and newlines are stripped by URL parsers ("/\t/evil.com" → "//evil.com").
  if (/[\u0000-\u001f\u007f]/.test(value)) return fallback;
  const base = "http://same-origin.invalid";
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  // Never bounce back to the login page itself.
  if (url.pathname === "/login") return fallback;
  return url.pathname + url.search + url.hash;
}
