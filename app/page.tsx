import Link from "next/link";
import { currentUser } from "@/lib/auth/dal";
import { Card } from "@/app/ui/card";

export default async function Home() {
  const current = await currentUser();
  return (
    <div className="mx-auto max-w-2xl py-8">
      <h1 className="text-3xl font-semibold tracking-tight">AWS Cognito sign-in for Next.js</h1>
      <p className="mt-3 text-slate-600">
        Tokens stay in an encrypted, HttpOnly cookie; the edge middleware verifies and refreshes them; every page and API checks
        the user&apos;s role and team against one policy table.
      </p>
      <Card className="mt-8">
        {current ? (
          <p className="text-sm">
            You are signed in as <strong>{current.user.email ?? current.user.username}</strong>.{" "}
            <Link href="/dashboard" className="font-semibold text-indigo-600 hover:text-indigo-500">
              Go to your dashboard →
            </Link>
          </p>
        ) : (
          <p className="text-sm">
            <Link href="/login" className="font-semibold text-indigo-600 hover:text-indigo-500">
              Sign in →
            </Link>{" "}
            with one of the demo accounts listed in the README.
          </p>
        )}
      </Card>
    </div>
  );
}
