import { describe, expect, it } from "vitest";
import { CookieJar, expectError, postJson, send } from "../support/http";
import { baseURL, bob, credentials, url } from "./fixtures";

const EVIL = { origin: "https://evil.example" };

function expectCrossSiteRefusal(sent: Awaited<ReturnType<typeof send>>): void {
  const error = expectError(sent, 403, "Forbidden");
  expect(error.details).toEqual([{ source: "originCheck", desc: "Origin does not match this site" }]);
  // A refused request changes no cookie: no login CSRF, no forced sign-out.
  expect(sent.setCookies).toEqual([]);
}

describe("requests from another site are refused", () => {
  it("POST /api/auth/sign-in with Origin https://evil.example → 403 and no session", async () => {
    expectCrossSiteRefusal(await postJson(url("/api/auth/sign-in"), credentials(bob), { headers: EVIL }));
  });

  it("the same sign-in from this site's own origin succeeds", async () => {
    const sent = await postJson(url("/api/auth/sign-in"), credentials(bob), { headers: { origin: baseURL } });
    expect(sent.status, sent.text).toBe(200);
  });

  it("an opaque origin (Origin: null) or Sec-Fetch-Site: cross-site is refused too", async () => {
    expectCrossSiteRefusal(await postJson(url("/api/auth/sign-in"), credentials(bob), { headers: { origin: "null" } }));
    expectCrossSiteRefusal(await postJson(url("/api/auth/sign-in"), credentials(bob), { headers: { "sec-fetch-site": "cross-site" } }));
  });

  it("the same host on another port is another origin", async () => {
    const other = new URL(baseURL);
    const port = Number(other.port);
    other.port = String(port === 65535 ? port - 1 : port + 1);
    expectCrossSiteRefusal(await postJson(url("/api/auth/sign-in"), credentials(bob), { headers: { origin: other.origin } }));
  });

  it("cookie-using endpoints refuse a cross-site POST and leave the session alone", async () => {
    const jar = new CookieJar();
    expect((await postJson(url("/api/auth/sign-in"), credentials(bob), { jar })).status).toBe(200);
    const before = jar.entries();

    expectCrossSiteRefusal(await send(url("/api/auth/sign-out"), { method: "POST", jar, headers: EVIL }));
    expectCrossSiteRefusal(await send(url("/api/auth/refresh"), { method: "POST", jar, headers: EVIL }));
    expectCrossSiteRefusal(await postJson(url("/api/auth/new-password"), { session: "s", newPassword: "Long-enough-1!" }, { headers: EVIL }));

    expect(jar.entries()).toEqual(before);
    expect((await send(url("/api/auth/session"), { jar })).status).toBe(200);
  });
});
