import { createServer } from "node:net";

/**
 * Ports from the ranges this benchmark may use (other jobs share the machine and use theirs).
 * A port is taken when something already listens on it; the next one in the range is tried.
 */
export const APP_PORTS = { from: 3500, to: 3599 } as const;
export const SIDE_PORTS = { from: 9500, to: 9599 } as const;

const handedOut = new Set<number>();

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

export async function portIn(range: { from: number; to: number }): Promise<number> {
  for (let port = range.from; port <= range.to; port++) {
    if (handedOut.has(port)) continue;
    if (await isFree(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port between ${range.from} and ${range.to}`);
}
