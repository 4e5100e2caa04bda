import { writeFileSync } from "node:fs";
import os from "node:os";

/** The printed table and bench/results.json. */
export interface Row {
  measurement: string;
  value: string;
  goal: string;
  /** null: reported, no goal. */
  met: boolean | null;
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  loadAverage: number[];
}

export function machine(): Machine {
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export function printTable(rows: readonly Row[]): void {
  const header: Row = { measurement: "Measurement", value: "Result", goal: "Goal", met: null };
  const cells = [header, ...rows].map((r, i) => [r.measurement, r.value, r.goal, i === 0 ? "Met" : r.met === null ? "–" : r.met ? "yes" : "NO"]);
  const widths = [0, 1, 2, 3].map((c) => Math.max(...cells.map((row) => row[c]!.length)));
  const line = (row: string[]) => row.map((cell, c) => cell.padEnd(widths[c]!)).join("  ");
  console.log(line(cells[0]!));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of cells.slice(1)) console.log(line(row));
}

export function writeResults(file: string, content: unknown): void {
  writeFileSync(file, JSON.stringify(content, null, 2) + "\n");
}

export const fmt = {
  ratio: (n: number) => n.toFixed(3),
  rps: (n: number) => `${Math.round(n)}/s`,
  ops: (n: number) => `${Math.round(n).toLocaleString("en-US")} ops/s`,
  ms: (n: number) => `${n.toFixed(2)} ms`,
};
