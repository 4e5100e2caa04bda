import autocannon from "autocannon";

/**
 * HTTP load with autocannon, and the A/B alternation that makes a ratio trustworthy on a noisy
 * machine: baseline and candidate take turns, so drift in background load hits both alike.
 */
export interface Endpoint {
  label: string;
  path: string;
  headers?: Record<string, string>;
}

export interface LoadRun {
  requests: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

export interface LoadShape {
  connections: number;
  /** Seconds per run; ignored when `amount` is given. */
  seconds?: number;
  amount?: number;
}

export async function load(baseURL: string, endpoint: Endpoint, shape: LoadShape): Promise<LoadRun> {
  const result = await autocannon({
    url: `${baseURL}${endpoint.path}`,
    connections: shape.connections,
    ...(shape.amount ? { amount: shape.amount } : { duration: shape.seconds ?? 5 }),
    headers: endpoint.headers,
    timeout: 10,
  });
  // A 401 or a redirect is cheaper than the real answer: a run with any is not a measurement.
  if (result.errors || result.timeouts || result.non2xx) {
    const codes = Object.entries(result.statusCodeStats).map(([code, { count }]) => `${code}×${count}`).join(", ");
    throw new Error(`${endpoint.label}: ${result.errors} errors, ${result.timeouts} timeouts, status ${codes}`);
  }
  return {
    requests: result.requests.total,
    seconds: result.duration,
    rps: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}

export interface Side {
  label: string;
  rounds: LoadRun[];
  /** Medians over the rounds. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

export interface Comparison {
  baseline: Side;
  candidate: Side;
  /** Median over rounds of candidate ÷ baseline throughput (each round pairs neighbouring runs). */
  ratio: number;
  roundRatios: number[];
  /** The middle half of the round ratios (25th–75th percentile): how far to trust `ratio`. */
  ratioIqr: [number, number];
}

export interface AlternationPlan {
  rounds: number;
  seconds: number;
  connections: number;
  warmupSeconds: number;
}

/** Each candidate against the baseline; every round runs them all, in alternating order. */
export async function alternate(
  baseURL: string,
  baseline: Endpoint,
  candidates: readonly Endpoint[],
  plan: AlternationPlan,
): Promise<Comparison[]> {
  const everyone = [baseline, ...candidates];
  // Warm-up: JIT, Next's route caches and the JWKS cache, unmeasured.
  for (const endpoint of everyone) await load(baseURL, endpoint, { connections: plan.connections, seconds: plan.warmupSeconds });

  const runs: LoadRun[][] = everyone.map(() => []);
  const shape = { connections: plan.connections, seconds: plan.seconds };
  // A B C, C B A, A B C…: no side always goes first, or always runs right after the same one.
  for (let round = 0; round < plan.rounds; round++) {
    const order = everyone.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) runs[i]!.push(await load(baseURL, everyone[i]!, shape));
  }
  const base = side(baseline.label, runs[0]!);
  return candidates.map((candidate, c) => {
    const mine = runs[c + 1]!;
    const roundRatios = mine.map((run, round) => run.rps / runs[0]![round]!.rps);
    return {
      baseline: base,
      candidate: side(candidate.label, mine),
      ratio: median(roundRatios),
      roundRatios,
      ratioIqr: [quantile(roundRatios, 0.25), quantile(roundRatios, 0.75)],
    };
  });
}

function side(label: string, rounds: LoadRun[]): Side {
  return {
    label,
    rounds,
    rps: median(rounds.map((r) => r.rps)),
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    p99Ms: median(rounds.map((r) => r.p99Ms)),
  };
}

/** Linear interpolation between closest ranks. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

export const median = (values: readonly number[]) => quantile(values, 0.5);
