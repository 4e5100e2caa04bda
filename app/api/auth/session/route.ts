import { AppError } from "@/lib/auth/errors";
import { json, jsonRoute } from "@/lib/auth/http";
import { getSession } from "@/lib/auth/server-session";
import { publicSession, userFromSession } from "@/lib/auth/session-user";

/** The signed-in user, or 401. Middleware has already refreshed an expiring session. */
export const GET = jsonRoute(async () => {
  const session = await getSession();
  if (!session) throw new AppError("Unauthorized", "Not signed in", [{ source: "session", desc: "No session cookie" }]);
  const user = await userFromSession(session);
  return json(publicSession(user, session));
});
