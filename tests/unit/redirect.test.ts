import { describe, expect, it } from "vitest";
import { DEFAULT_AFTER_SIGN_IN, safeNext } from "@/lib/auth/redirect";

describe("safeNext", () => {
  it.each([
    ["/customers", "/customers"],
    ["/customers?q=acme&page=2", "/customers?q=acme&page=2"],
    ["/teams/sales#top", "/teams/sales#top"],
  ])("keeps the same-site path %s", (input, expected) => {
    expect(safeNext(input)).toBe(expected);
  });

  it.each([
    "//evil.example",
    "//evil.example/path",
    "/\\evil.example",
    "\\evil.example",
    "\\\\evil.example",
    "https://evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "/\t/evil.example",
    "/\n/evil.example",
    "\t//evil.example",
    "evil.example",
    "",
    "/login",
    "/login?next=/admin",
    "/" + "a".repeat(3000),
  ])("falls back to /dashboard for %j", (input) => {
    expect(safeNext(input)).toBe(DEFAULT_AFTER_SIGN_IN);
  });

  it("normalises dot segments without leaving the site", () => {
    expect(safeNext("/a/../../evil")).toBe("/evil");
    expect(safeNext("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
  });

  it("falls back for non-strings", () => {
    expect(safeNext(undefined)).toBe(DEFAULT_AFTER_SIGN_IN);
    expect(safeNext(["/admin"])).toBe(DEFAULT_AFTER_SIGN_IN);
    expect(safeNext(42, "/x")).toBe("/x");
  });
});
