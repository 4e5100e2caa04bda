import { Bench, type BenchOptions, type Task } from "tinybench";

/** tinybench, with its results unwrapped: a task that did not complete is an error, not a number. */
export interface Timed {
  /** Mean milliseconds per call. */
  periodMs: number;
  opsPerSecond: number;
  /** Every sample in milliseconds (kept only when asked for). */
  samples: readonly number[];
}

export async function timeTasks(
  tasks: Record<string, () => unknown>,
  options: BenchOptions,
): Promise<Record<string, Timed>> {
  const bench = new Bench({ throws: true, ...options });
  for (const [name, fn] of Object.entries(tasks)) bench.add(name, fn);
  await bench.run();
  return Object.fromEntries(bench.tasks.map((task) => [task.name, timed(task)]));
}

/**
 * The tasks in turn order for round `round`: each round starts one task later, so that no task
 * always runs first (the first task of a bench runs measurably slower here, whatever it is).
 */
export function inTurn<T>(tasks: Record<string, T>, round: number): Record<string, T> {
  const entries = Object.entries(tasks);
  const shift = round % entries.length;
  return Object.fromEntries([...entries.slice(shift), ...entries.slice(0, shift)]);
}

function timed(task: Task): Timed {
  const result = task.result;
  if (result.state !== "completed") {
    throw new Error(`${task.name}: ${result.state === "errored" ? result.error.message : result.state}`);
  }
  return {
    periodMs: result.period,
    opsPerSecond: 1000 / result.period,
    samples: result.latency.samples ?? [],
  };
}
