import { json, readJsonBody } from "@/lib/auth/http";
import { protectedRoute } from "@/lib/auth/pipeline";
import { customersDb } from "@/lib/customers/db";
import { createCustomerSchema, parseListQuery } from "@/lib/customers/schemas";
import { createCustomer, listCustomers } from "@/lib/customers/service";

/** Who may call these is the policy table's entry for the path; team scoping is the service's. */
export const GET = protectedRoute().handle(({ request, user }) => {
  const query = parseListQuery(new URL(request.url).searchParams);
  return json(listCustomers(customersDb(), user, query));
});

export const POST = protectedRoute().handle(async ({ request, user }) => {
  const input = await readJsonBody(request, createCustomerSchema);
  const customer = createCustomer(customersDb(), user, input);
  return json({ customer }, { status: 201, headers: { Location: `/api/customers/${customer.id}` } });
});
