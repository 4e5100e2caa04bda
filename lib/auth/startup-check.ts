import { ConfigError, getConfig } from "./config";

// Imported by instrumentation.ts on the Node runtime only (process.exit is not an edge API).
try {
  getConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(1);
}
