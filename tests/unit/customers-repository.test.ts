import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/auth/errors";
import { migrate, openCustomersDb, type Db } from "@/lib/customers/db";
import {
  deleteCustomerRow,
  inTransaction,
  insertCustomer,
  selectCustomer,
  selectCustomers,
  updateCustomerRow,
} from "@/lib/customers/repository";
import { TEAMS } from "@/lib/customers/schemas";
import { SEED_CUSTOMERS } from "@/lib/customers/seed-data";

let db: Db;
beforeEach(() => {
  db = openCustomersDb(":memory:");
});
afterEach(() => db.close());

const all = (filter: Partial<Parameters<typeof selectCustomers>[1]> = {}) =>
  selectCustomers(db, { page: 1, pageSize: 100, ...filter });

const newCustomer = (email: string, team: (typeof TEAMS)[number] = "sales") =>
  insertCustomer(db, { name: "New Co", email, team, status: "active" });

describe("opening the database", () => {
  it("creates and seeds ~30 customers spread over every team", () => {
    const { items, total } = all();
    expect(total).toBe(SEED_CUSTOMERS.length);
    expect(total).toBeGreaterThanOrEqual(30);
    for (const team of TEAMS) expect(items.filter((c) => c.team === team).length).toBeGreaterThanOrEqual(5);
    expect(new Set(items.map((c) => c.id)).size).toBe(total);
    for (const c of items) {
      expect(c.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(new Date(c.createdAt).toISOString()).toBe(c.createdAt);
    }
  });

  it("does not seed again on a later migrate, even when users emptied the table", () => {
    migrate(db);
    expect(all().total).toBe(SEED_CUSTOMERS.length);
    db.exec("DELETE FROM customers");
    migrate(db);
    expect(all().total).toBe(0);
  });

  it("keeps data in a file across opens", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "customers-db-"));
    try {
      const file = path.join(dir, "nested", "customers.db");
      const first = openCustomersDb(file);
      const created = insertCustomer(first, { name: "Persisted", email: "persisted@example.com", team: "support", status: "active" });
      first.close();
      const second = openCustomersDb(file);
      expect(selectCustomer(second, created.id)).toEqual(created);
      expect(selectCustomers(second, { page: 1, pageSize: 1 }).total).toBe(SEED_CUSTOMERS.length + 1);
      second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("CRUD", () => {
  it("inserts, reads, updates and deletes", () => {
    const created = insertCustomer(db, { name: "Quill", email: "quill@example.com", team: "platform", status: "active" }, new Date("2026-01-02T03:04:05.000Z"));
    expect(created).toMatchObject({ name: "Quill", createdAt: "2026-01-02T03:04:05.000Z", updatedAt: "2026-01-02T03:04:05.000Z" });
    expect(selectCustomer(db, created.id)).toEqual(created);

    const updated = updateCustomerRow(db, created.id, { status: "churned", name: "Quill Ltd" }, new Date("2026-02-01T00:00:00.000Z"));
    expect(updated).toEqual({ ...created, status: "churned", name: "Quill Ltd", updatedAt: "2026-02-01T00:00:00.000Z" });
    expect(selectCustomer(db, created.id)).toEqual(updated);

    expect(deleteCustomerRow(db, created.id)).toBe(true);
    expect(selectCustomer(db, created.id)).toBeNull();
    expect(deleteCustomerRow(db, created.id)).toBe(false);
  });

  it("answers null / false for unknown ids", () => {
    expect(selectCustomer(db, "00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(updateCustomerRow(db, "00000000-0000-4000-8000-000000000000", { name: "x" })).toBeNull();
  });

  it("refuses a team outside the known ones at the database level too", () => {
    expect(() => db.prepare("UPDATE customers SET team = 'marketing'").run()).toThrow(/CHECK constraint/);
  });
});

describe("unique email (case-insensitive)", () => {
  it("refuses a duplicate insert with 409 on body.email", () => {
    newCustomer("dup@example.com");
    const attempt = () => newCustomer("DUP@Example.COM", "platform");
    expect(attempt).toThrow(AppError);
    try {
      attempt();
    } catch (err) {
      expect((err as AppError).toJSON().error).toMatchObject({ status: 409, code: "Conflict", details: [{ source: "body.email" }] });
    }
    expect(all({ q: "dup@" }).total).toBe(1);
  });

  it("refuses an update onto another customer's email and leaves the row unchanged", () => {
    const a = newCustomer("a@example.com");
    newCustomer("b@example.com");
    expect(() => updateCustomerRow(db, a.id, { email: "B@example.com", name: "Renamed" })).toThrow(/already exists/);
    expect(selectCustomer(db, a.id)).toEqual(a);
  });

  it("lets a customer keep (or re-case) its own email", () => {
    const a = newCustomer("self@example.com");
    expect(updateCustomerRow(db, a.id, { email: "Self@example.com" })?.email).toBe("Self@example.com");
  });
});

describe("search and paging", () => {
  it("finds by a case-insensitive part of the name or the email", () => {
    const byName = all({ q: "kestrel" });
    expect(byName.items.map((c) => c.name)).toEqual(["Kestrel Retail"]);
    const byEmail = all({ q: "ZEPHYR-INSURANCE.example" });
    expect(byEmail.items.map((c) => c.name)).toEqual(["Zephyr Insurance"]);
    expect(all({ q: "no-such-customer" })).toEqual({ items: [], total: 0 });
  });

  it("treats % and _ in a search as literal characters", () => {
    newCustomer("percent%sign@example.com");
    expect(all({ q: "%" }).items.map((c) => c.email)).toEqual(["percent%sign@example.com"]);
    expect(all({ q: "_" }).total).toBe(0);
  });

  it("filters by team and combines the filter with a search", () => {
    const sales = all({ team: "sales" });
    expect(sales.total).toBe(SEED_CUSTOMERS.filter((c) => c.team === "sales").length);
    expect(sales.items.every((c) => c.team === "sales")).toBe(true);
    expect(all({ team: "sales", q: "umbra" }).total).toBe(0);
    expect(all({ team: "support", q: "umbra" }).total).toBe(1);
  });

  it("pages through everything in a stable name order without gaps or repeats", () => {
    const total = all().total;
    const seen: string[] = [];
    for (let page = 1; page <= Math.ceil(total / 7); page++) {
      const result = selectCustomers(db, { page, pageSize: 7 });
      expect(result.total).toBe(total);
      expect(result.items.length).toBe(Math.min(7, total - (page - 1) * 7));
      seen.push(...result.items.map((c) => c.id));
    }
    expect(new Set(seen).size).toBe(total);
    const names = all().items.map((c) => c.name.toLowerCase());
    expect(names).toEqual([...names].sort());
    expect(selectCustomers(db, { page: 99, pageSize: 7 }).items).toEqual([]);
  });
});

describe("transactions", () => {
  it("roll back every write when the work throws", () => {
    const before = all().total;
    const victim = all().items[0]!;
    expect(() =>
      inTransaction(db, () => {
        newCustomer("rolled-back@example.com");
        updateCustomerRow(db, victim.id, { name: "Half-done" });
        deleteCustomerRow(db, all().items[1]!.id);
        throw new Error("a later check failed");
      }),
    ).toThrow("a later check failed");
    expect(all().total).toBe(before);
    expect(all({ q: "rolled-back" }).total).toBe(0);
    expect(selectCustomer(db, victim.id)).toEqual(victim);
  });

  it("commit when the work succeeds and return its result", () => {
    const created = inTransaction(db, () => newCustomer("committed@example.com"));
    expect(selectCustomer(db, created.id)).toEqual(created);
  });
});
