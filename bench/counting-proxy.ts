import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * An HTTP proxy in front of the emulator that counts what the app asks Cognito for: JWKS fetches
 * by path, API calls by X-Amz-Target (InitiateAuth also by AuthFlow, so refreshes stand apart
 * from sign-ins). The app reaches the emulator only through it (EMULATOR_PUBLIC_ENDPOINT).
 */
export const JWKS = "jwks";

export interface CountingProxy {
  url: string;
  /** Calls seen since the last reset, by kind ("jwks", "InitiateAuth:REFRESH_TOKEN_AUTH", …). */
  counts(): Record<string, number>;
  count(kind: string): number;
  /** Epoch ms of the latest call of this kind (ever, not only since the reset), or undefined. */
  lastSeen(kind: string): number | undefined;
  reset(): void;
  close(): Promise<void>;
}

/** Bodies of Cognito API calls are small JSON; anything larger is passed on without a look. */
const MAX_INSPECTED_BODY = 64 * 1024;

function kindOf(req: IncomingMessage, body: Buffer): string {
  const path = (req.url ?? "/").split("?")[0]!;
  if (path.endsWith("/.well-known/jwks.json")) return JWKS;
  const target = req.headers["x-amz-target"];
  if (typeof target !== "string") return `${req.method ?? "GET"} ${path}`;
  const operation = target.split(".").pop() ?? target;
  if (operation !== "InitiateAuth" || body.length > MAX_INSPECTED_BODY) return operation;
  try {
    const flow = (JSON.parse(body.toString("utf8")) as { AuthFlow?: unknown }).AuthFlow;
    return typeof flow === "string" ? `${operation}:${flow}` : operation;
  } catch {
    return operation;
  }
}

export async function startCountingProxy(port: number, upstreamPort: number): Promise<CountingProxy> {
  let counts = new Map<string, number>();
  const last = new Map<string, number>();
  // Keep-alive upstream, as the app's own connections are: the proxy should add little latency.
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const kind = kindOf(req, body);
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
    last.set(kind, Date.now());
    const upstream = request(
      { host: "127.0.0.1", port: upstreamPort, method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.once("error", () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    upstream.end(body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => forward(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const { port: bound } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${bound}`,
    counts: () => Object.fromEntries(counts),
    count: (kind) => counts.get(kind) ?? 0,
    lastSeen: (kind) => last.get(kind),
    reset: () => {
      counts = new Map();
    },
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
