import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/dal";
import { safeNext } from "@/lib/auth/redirect";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNext(typeof params.next === "string" ? params.next : undefined);
  // A signed-in visitor has nothing to do here.
  if (await currentUser()) redirect(next);
  const expired = params.reason === "expired";

  return (
    <div className="mx-auto mt-8 max-w-sm">
      <h1 className="text-center text-2xl font-semibold tracking-tight">Sign in to your account</h1>
      <p className="mt-2 text-center text-sm text-slate-600">Use your work email and password.</p>
      {expired ? (
        <p className="mt-6 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-800 ring-1 ring-amber-200" role="status">
          Your session expired. Please sign in again.
        </p>
      ) : null}
      <div className="mt-6 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <LoginForm next={next} />
      </div>
    </div>
  );
}
