import type { Metadata } from "next";
import Link from "next/link";
import { checkAccess } from "@/lib/auth/dal";
import { describeRoles, describeTeams } from "@/lib/auth/describe-policy";
import { findPolicy } from "@/lib/auth/policy";
import { safeNext } from "@/lib/auth/redirect";
import { Card, PageTitle } from "@/app/ui/card";
import { SignOutButton } from "@/app/ui/sign-out-button";

export const metadata: Metadata = { title: "Forbidden" };

/** Served with HTTP 403 (middleware sets the status); explains what the page needs and what the user has. */
export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const from = safeNext(typeof params.from === "string" ? params.from : undefined, "");
  const match = from ? findPolicy(from.split("?")[0]!) : null;
  const { current } = await checkAccess(from || "/forbidden");
  const policy = match && !match.entry.access.public ? match.entry.access.policy : null;

  return (
    <div className="mx-auto max-w-xl">
      <PageTitle title="You don't have access to this page" subtitle={from ? <>You asked for <code className="font-mono">{from}</code>.</> : undefined} />
      <Card>
        {policy ? (
          <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
            <dt className="font-medium text-slate-500">Requires role</dt>
            <dd data-testid="required-roles">{describeRoles(policy)}</dd>
            <dt className="font-medium text-slate-500">Requires team</dt>
            <dd data-testid="required-teams">{describeTeams(policy, match?.params)}</dd>
            {current ? (
              <>
                <dt className="font-medium text-slate-500">Your roles</dt>
                <dd data-testid="user-roles">{current.user.roles.join(", ") || "none"}</dd>
                <dt className="font-medium text-slate-500">Your team</dt>
                <dd data-testid="user-team">{current.user.team ?? "none"}</dd>
              </>
            ) : null}
          </dl>
        ) : (
          <p className="text-sm text-slate-600">Your account is not allowed to open that page.</p>
        )}
        <p className="mt-4 text-sm text-slate-600">If you think you should have access, ask an administrator to change your role or team.</p>
        <div className="mt-6 flex items-center gap-3">
          <Link href="/" className="inline-flex items-center rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-semibold text-white hover:bg-indigo-500">
            Go home
          </Link>
          {current ? <SignOutButton /> : null}
        </div>
      </Card>
    </div>
  );
}
