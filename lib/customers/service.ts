import type { User } from "../auth/claims";
import { AppError } from "../auth/errors";
import { enforce } from "../auth/pipeline";
import { assertMayPerform, teamDecision, teamScope } from "./access";
import type { Db } from "./db";
import {
  deleteCustomerRow,
  inTransaction,
  insertCustomer,
  selectCustomer,
  selectCustomers,
  updateCustomerRow,
} from "./repository";
import { isCustomerId, type CreateCustomerInput, type Customer, type ListQuery, type UpdateCustomerInput } from "./schemas";

/**
 * The customer use cases, each checked for the given user. The API routes and the /customers
 * server actions both call these, so the rules exist once. Failures throw AppError.
 */
export interface CustomerList {
  items: Customer[];
  page: number;
  pageSize: number;
  total: number;
}

export function listCustomers(db: Db, user: User, query: ListQuery): CustomerList {
  assertMayPerform(user, "list");
  const scope = teamScope(user);
  // Staff see their own team whatever they ask for: a different ?team= is ignored, not an error.
  const team = scope.every ? query.team : scope.team;
  const { items, total } = selectCustomers(db, { team, q: query.q, page: query.page, pageSize: query.pageSize });
  return { items, page: query.page, pageSize: query.pageSize, total };
}

function notFound(): AppError {
  return new AppError("NotFound", "Customer not found", [{ source: "params.id", desc: "No customer with this id" }]);
}

/**
 * The customer if `user` may see it. Another team's customer is "not found", exactly like an id
 * that does not exist, so ids of other teams' customers cannot be probed.
 */
function visibleCustomer(db: Db, user: User, id: string): Customer {
  teamScope(user);
  const customer = isCustomerId(id) ? selectCustomer(db, id) : null;
  if (!customer || !teamDecision(user, customer.team).ok) throw notFound();
  return customer;
}

export function getCustomer(db: Db, user: User, id: string): Customer {
  assertMayPerform(user, "read");
  return visibleCustomer(db, user, id);
}

export function createCustomer(db: Db, user: User, input: CreateCustomerInput): Customer {
  assertMayPerform(user, "create");
  enforce(teamDecision(user, input.team));
  return inTransaction(db, () => insertCustomer(db, input));
}

export function updateCustomer(db: Db, user: User, id: string, patch: UpdateCustomerInput): Customer {
  assertMayPerform(user, "update");
  return inTransaction(db, () => {
    visibleCustomer(db, user, id);
    // Moving a customer is filing it under the new team: the same team rule applies.
    if (patch.team !== undefined) enforce(teamDecision(user, patch.team));
    const updated = updateCustomerRow(db, id, patch);
    if (!updated) throw notFound();
    return updated;
  });
}

export function deleteCustomer(db: Db, user: User, id: string): void {
  assertMayPerform(user, "delete");
  inTransaction(db, () => {
    visibleCustomer(db, user, id);
    deleteCustomerRow(db, id);
  });
}
