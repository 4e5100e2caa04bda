import Link from "next/link";
import { checkAccess, currentUser } from "@/lib/auth/dal";
import { SignOutButton } from "./sign-out-button";

/** Shows only the destinations the signed-in user may open: what they may not do is not offered. */
export async function Header() {
  const current = await currentUser();
  const links = current
    ? [
        { href: "/dashboard", label: "Dashboard" },
        { href: "/customers", label: "Customers" },
        ...(current.user.team ? [{ href: `/teams/${encodeURIComponent(current.user.team)}`, label: "My team" }] : []),
        { href: "/admin", label: "Admin" },
      ]
    : [];
  const allowed = [];
  for (const link of links) if ((await checkAccess(link.href)).decision?.ok) allowed.push(link);

  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-3">
        <div className="flex items-center gap-6">
          <Link href="/" className="text-base font-semibold text-slate-900">
            Cognito<span className="text-indigo-600">·</span>Next
          </Link>
          {allowed.length > 0 ? (
            <nav aria-label="Main" className="flex flex-wrap gap-4 text-sm">
              {allowed.map((link) => (
                <Link key={link.href} href={link.href} className="text-slate-600 hover:text-slate-900">
                  {link.label}
                </Link>
              ))}
            </nav>
          ) : null}
        </div>
        {current ? (
          <div className="flex items-center gap-3 text-sm">
            <span className="text-slate-600">
              Signed in as <strong className="font-medium text-slate-900">{current.user.email ?? current.user.username}</strong>
            </span>
            <SignOutButton />
          </div>
        ) : (
          <Link href="/login" className="text-sm font-semibold text-indigo-600 hover:text-indigo-500">
            Sign in
          </Link>
        )}
      </div>
    </header>
  );
}
