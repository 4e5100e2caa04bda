import { randomUUID } from "node:crypto";
import { AppError } from "../auth/errors";
import type { Db } from "./db";
import type { CreateCustomerInput, Customer, CustomerStatus, Team, UpdateCustomerInput } from "./schemas";

/**
 * SQL for customers, nothing else: no authorization here (service.ts decides who may call what).
 * Every function takes the database handle explicitly.
 */
interface Row {
  id: string;
  name: string;
  email: string;
  team: Team;
  status: CustomerStatus;
  created_at: string;
  updated_at: string;
}

function toCustomer(row: Row): Customer {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    team: row.team,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface CustomerFilter {
  /** Only this team's customers; undefined = every team. */
  team?: string;
  /** Case-insensitive substring of the name or email. */
  q?: string;
  page: number;
  pageSize: number;
}

export interface CustomerPage {
  items: Customer[];
  total: number;
}

/** `%` and `_` in a search are literal characters, not wildcards. */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function selectCustomers(db: Db, filter: CustomerFilter): CustomerPage {
  const where: string[] = [];
  const args: Record<string, string | number> = {};
  if (filter.team !== undefined) {
    where.push("team = @team");
    args.team = filter.team;
  }
  if (filter.q) {
    where.push("(name LIKE @q ESCAPE '\\' OR email LIKE @q ESCAPE '\\')");
    args.q = likePattern(filter.q);
  }
  const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const { total } = db.prepare(`SELECT count(*) AS total FROM customers ${clause}`).get(args) as { total: number };
  const rows = db
    .prepare(`SELECT * FROM customers ${clause} ORDER BY name COLLATE NOCASE, id LIMIT @limit OFFSET @offset`)
    .all({ ...args, limit: filter.pageSize, offset: (filter.page - 1) * filter.pageSize }) as Row[];
  return { items: rows.map(toCustomer), total };
}

export function selectCustomer(db: Db, id: string): Customer | null {
  const row = db.prepare("SELECT * FROM customers WHERE id = ?").get(id) as Row | undefined;
  return row ? toCustomer(row) : null;
}

function duplicateEmail(err: unknown): boolean {
  return typeof err === "object" && err !== null && "code" in err && err.code === "SQLITE_CONSTRAINT_UNIQUE";
}

function conflict(): AppError {
  return new AppError("Conflict", "A customer with this email already exists", [
    { source: "body.email", desc: "is already used by another customer" },
  ]);
}

export function insertCustomer(db: Db, input: CreateCustomerInput, now = new Date()): Customer {
  const at = now.toISOString();
  const customer: Customer = { id: randomUUID(), ...input, createdAt: at, updatedAt: at };
  try {
    db.prepare(
      `INSERT INTO customers (id, name, email, team, status, created_at, updated_at)
       VALUES (@id, @name, @email, @team, @status, @createdAt, @updatedAt)`,
    ).run(customer);
  } catch (err) {
    if (duplicateEmail(err)) throw conflict();
    throw err;
  }
  return customer;
}

/** The updated customer, or null when there is no such id. */
export function updateCustomerRow(db: Db, id: string, patch: UpdateCustomerInput, now = new Date()): Customer | null {
  const current = selectCustomer(db, id);
  if (!current) return null;
  const next: Customer = { ...current, ...patch, updatedAt: now.toISOString() };
  try {
    db.prepare(
      `UPDATE customers SET name = @name, email = @email, team = @team, status = @status, updated_at = @updatedAt
       WHERE id = @id`,
    ).run({ id, name: next.name, email: next.email, team: next.team, status: next.status, updatedAt: next.updatedAt });
  } catch (err) {
    if (duplicateEmail(err)) throw conflict();
    throw err;
  }
  return next;
}

/** True when a row was deleted. */
export function deleteCustomerRow(db: Db, id: string): boolean {
  return db.prepare("DELETE FROM customers WHERE id = ?").run(id).changes > 0;
}

/**
 * Runs `work` in one write transaction: a throw anywhere (a failed check, a constraint) rolls back
 * everything it wrote. IMMEDIATE takes the write lock up front, so a read-check-write sequence
 * cannot interleave with another connection's write.
 */
export function inTransaction<T>(db: Db, work: () => T): T {
  return db.transaction(work).immediate();
}
