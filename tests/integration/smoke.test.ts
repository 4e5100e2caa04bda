import { inject, describe, expect, it } from "vitest";

const baseURL = inject("baseURL");

describe("local stack", () => {
  it("signs alice in and reads the session back with the cookie", async () => {
    const res = await fetch(`${baseURL}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "alice@example.com", password: "Demo-Passw0rd!" }),
    });
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const session = await fetch(`${baseURL}/api/auth/session`, { headers: { cookie: cookies } });
    expect(session.status).toBe(200);
    expect((await session.json()).user.email).toBe("alice@example.com");
  });
});
