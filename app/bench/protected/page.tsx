import { requireUser } from "@/lib/auth/dal";

// Rendered per request like its public twin, so the pair differs only by the auth check.
export const dynamic = "force-dynamic";

export default async function BenchProtectedPage() {
  // Every protected page checks through the DAL: the measured cost must include it.
  await requireUser("/bench/protected");
  return (
    <main className="p-8">
      <h1>Benchmark page</h1>
      <p>
        This page exists for <code>npm run bench</code>. It holds a few hundred bytes of static text and nothing else,
        so that serving it measures the cost of the framework and, on its protected twin, the cost of the sign-in check.
        The two pages are identical apart from their access policy.
      </p>
    </main>
  );
}
