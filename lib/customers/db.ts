import Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { STATUSES, TEAMS } from "./schemas";
import { SEED_CUSTOMERS } from "./seed-data";

/**
 * The customers database: one SQLite file, created, migrated and seeded on first open. Every
 * repository function takes the handle explicitly (tests pass `:memory:`); `customersDb()` is the
 * process's default, opened lazily.
 */
export type Db = Database.Database;

export const DEFAULT_DB_PATH = path.join("data", "customers.db");

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(", ");

// user_version says which migrations ran, so a database emptied by its users is not re-seeded.
const MIGRATIONS: readonly ((db: Db) => void)[] = [
  (db) => {
    db.exec(`
      CREATE TABLE customers (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        email      TEXT NOT NULL COLLATE NOCASE UNIQUE,
        team       TEXT NOT NULL CHECK (team IN (${list(TEAMS)})),
        status     TEXT NOT NULL CHECK (status IN (${list(STATUSES)})),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX customers_team_name ON customers (team, name COLLATE NOCASE);
    `);
    seed(db);
  },
];

function seed(db: Db, now = Date.now()): void {
  const insert = db.prepare(
    `INSERT INTO customers (id, name, email, team, status, created_at, updated_at)
     VALUES (@id, @name, @email, @team, @status, @at, @at)`,
  );
  SEED_CUSTOMERS.forEach((customer, i) => {
    // Spread over the last weeks so "newest first" orderings look like real data.
    const at = new Date(now - (SEED_CUSTOMERS.length - i) * 86_400_000).toISOString();
    insert.run({ id: randomUUID(), ...customer, at });
  });
}

/** Brings a database to the current schema; each migration runs in its own transaction. */
export function migrate(db: Db): void {
  const version = db.pragma("user_version", { simple: true });
  const current = typeof version === "number" ? version : 0;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      MIGRATIONS[v]!(db);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}

export function openCustomersDb(file: string): Db {
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  if (file !== ":memory:") {
    // WAL: readers don't wait for a writer; busy_timeout: a second connection waits instead of failing.
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 5000");
  }
  migrate(db);
  return db;
}

// On globalThis so route bundles that each include this module still share one connection.
const DEFAULT_KEY = Symbol.for("cognito-next-auth.customersDb");
type Holder = { [DEFAULT_KEY]?: Db };

/** The process's database: CUSTOMERS_DB_PATH, or data/customers.db under the working directory. */
export function customersDb(): Db {
  const holder = globalThis as Holder;
  holder[DEFAULT_KEY] ??= openCustomersDb(process.env.CUSTOMERS_DB_PATH || DEFAULT_DB_PATH);
  return holder[DEFAULT_KEY];
}
