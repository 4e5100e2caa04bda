import type { NextRequest } from "next/server";
import { gate } from "./lib/auth/gate";

/** Edge gate: read session → verify → refresh if expiring → authorize. The logic lives in lib/auth/gate.ts. */
export function middleware(request: NextRequest) {
  return gate(request);
}

export const config = {
  // Everything but Next's static assets and the favicon.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
