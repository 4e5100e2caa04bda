/**
 * Runs once when the server starts: a bad auth configuration stops it at once, with one message
 * naming every bad variable, instead of failing on the first sign-in.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    await import("./lib/auth/startup-check");
  }
}
