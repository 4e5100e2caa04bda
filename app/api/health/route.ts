/** Liveness for load balancers and the benchmarks' public baseline. */
export function GET(): Response {
  return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}
