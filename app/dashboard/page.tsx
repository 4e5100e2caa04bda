import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/dal";
import { Badge, Card, PageTitle } from "@/app/ui/card";
import { SignOutButton } from "@/app/ui/sign-out-button";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const { user, session } = await requireUser("/dashboard");
  const expires = new Date(session.expiresAt * 1000);

  return (
    <>
      <PageTitle title={`Welcome, ${user.email ?? user.username}`} subtitle="What your tokens say about you." />
      <Card>
        <dl className="grid gap-x-8 gap-y-4 text-sm sm:grid-cols-2">
          <div>
            <dt className="font-medium text-slate-500">Name</dt>
            <dd className="mt-1" data-testid="user-name">{user.email ?? user.username}</dd>
          </div>
          <div>
            <dt className="font-medium text-slate-500">Role</dt>
            <dd className="mt-1 flex flex-wrap gap-1" data-testid="user-roles">
              {user.roles.length ? user.roles.map((r) => <Badge key={r} tone="indigo">{r}</Badge>) : "none"}
            </dd>
          </div>
          <div>
            <dt className="font-medium text-slate-500">Team</dt>
            <dd className="mt-1" data-testid="user-team">{user.team ?? "none"}</dd>
          </div>
          <div>
            <dt className="font-medium text-slate-500">Groups</dt>
            <dd className="mt-1 flex flex-wrap gap-1" data-testid="user-groups">
              {user.groups.length ? user.groups.map((g) => <Badge key={g}>{g}</Badge>) : "none"}
            </dd>
          </div>
          <div className="sm:col-span-2">
            <dt className="font-medium text-slate-500">Tokens expire</dt>
            <dd className="mt-1" data-testid="token-expiry">
              <time dateTime={expires.toISOString()}>{expires.toUTCString()}</time>
              <span className="text-slate-500"> — refreshed automatically while you use the app</span>
            </dd>
          </div>
        </dl>
        <div className="mt-6 border-t border-slate-100 pt-4">
          <SignOutButton variant="primary" />
        </div>
      </Card>
    </>
  );
}
