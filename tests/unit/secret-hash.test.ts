import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { secretHash } from "@/lib/auth/secret-hash";
import { CLIENT_SECRET } from "./support/config";

const CLIENT_ID = "4n5ltk0example0client0id";

describe("secretHash", () => {
  it("is Base64(HMAC-SHA256(clientSecret, username + clientId)) as node:crypto computes it", async () => {
    for (const username of ["alice", "bob@example.com", "5f1d6e2a-0000-4000-8000-00000000a11c"]) {
      const expected = createHmac("sha256", CLIENT_SECRET).update(username + CLIENT_ID).digest("base64");
      expect(await secretHash(CLIENT_SECRET, username, CLIENT_ID)).toBe(expected);
    }
  });

  it("matches a fixed vector", async () => {
    // Computed once with node:crypto and frozen here, so a change in both implementations is caught too.
    expect(await secretHash(CLIENT_SECRET, "alice", CLIENT_ID)).toBe("8RUEMl/YI1EffA65H1kjTKSlEB5VV6eZLckfJJ+z3WY=");
  });

  it("encodes non-ASCII secrets and usernames as UTF-8", async () => {
    expect(await secretHash("ŝecret", "jörg@example.com", "abc")).toBe("MxL/E4uv19zvzKcSUAaKIKSAP2RT6fx2zE8YtJJudjo=");
  });

  it("depends on every input", async () => {
    const base = await secretHash(CLIENT_SECRET, "alice", CLIENT_ID);
    expect(await secretHash(`${CLIENT_SECRET}x`, "alice", CLIENT_ID)).not.toBe(base);
    expect(await secretHash(CLIENT_SECRET, "Alice", CLIENT_ID)).not.toBe(base);
    expect(await secretHash(CLIENT_SECRET, "alice", `${CLIENT_ID}x`)).not.toBe(base);
  });
});
