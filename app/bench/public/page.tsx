// Rendered per request like its protected twin, so the pair differs only by the auth check
// (a prerendered page would compare static serving with rendering instead).
export const dynamic = "force-dynamic";

export default function BenchPublicPage() {
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
