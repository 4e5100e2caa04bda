import { z } from "zod";
import { AppError } from "../auth/errors";
import { parseWith } from "../auth/http";

/** The teams a customer can belong to (the demo pool's custom:team values). */
export const TEAMS = ["platform", "sales", "support"] as const;
export type Team = (typeof TEAMS)[number];

export const STATUSES = ["active", "churned"] as const;
export type CustomerStatus = (typeof STATUSES)[number];

export interface Customer {
  id: string;
  name: string;
  email: string;
  team: Team;
  status: CustomerStatus;
  /** ISO 8601 timestamps. */
  createdAt: string;
  updatedAt: string;
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

const str = () => z.string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") });

const name = str().trim().min(1, "is required").max(120, "must be at most 120 characters");
const email = str()
  .trim()
  .max(254, "must be at most 254 characters")
  .pipe(z.email({ error: "must be a valid email address" }));
const team = z.enum(TEAMS, { error: `must be one of ${TEAMS.join(", ")}` });
const status = z.enum(STATUSES, { error: `must be one of ${STATUSES.join(", ")}` });

export const createCustomerSchema = z.object({ name, email, team, status: status.default("active") }).strict();
export type CreateCustomerInput = z.infer<typeof createCustomerSchema>;

export const updateCustomerSchema = z
  .object({ name, email, team, status })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, "must change at least one of name, email, team, status");
export type UpdateCustomerInput = z.infer<typeof updateCustomerSchema>;

const count = (min: number, max: number) =>
  z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

export const listQuerySchema = z
  .object({
    page: count(1, 1_000_000).default(1),
    pageSize: count(1, MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
    q: str()
      .trim()
      .max(100, "must be at most 100 characters")
      .transform((v) => v || undefined)
      .optional(),
    team: team.optional(),
  })
  .strict();
export type ListQuery = z.infer<typeof listQuerySchema>;

/**
 * The list query from URL search parameters. A parameter given twice is ambiguous: refused rather
 * than silently taking one of them.
 */
export function parseListQuery(params: URLSearchParams): ListQuery {
  const seen: Record<string, string> = {};
  const repeated = new Set<string>();
  for (const [key, value] of params) {
    if (key in seen) repeated.add(key);
    seen[key] = value;
  }
  if (repeated.size > 0) {
    throw new AppError(
      "BadRequest",
      "The request is invalid",
      [...repeated].map((key) => ({ source: `query.${key}`, desc: "must be given at most once" })),
    );
  }
  return parseWith(listQuerySchema, seen, "query");
}

/** Customer ids are random UUIDs; anything else cannot name a customer. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isCustomerId(value: string): boolean {
  return UUID.test(value);
}
