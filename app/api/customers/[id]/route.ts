import { json, readJsonBody } from "@/lib/auth/http";
import { protectedRoute } from "@/lib/auth/pipeline";
import { customersDb } from "@/lib/customers/db";
import { updateCustomerSchema } from "@/lib/customers/schemas";
import { deleteCustomer, getCustomer, updateCustomer } from "@/lib/customers/service";

type Params = { id: string };

export const GET = protectedRoute<Params>().handle(({ params, user }) =>
  json({ customer: getCustomer(customersDb(), user, params.id) }),
);

export const PATCH = protectedRoute<Params>().handle(async ({ request, params, user }) => {
  const patch = await readJsonBody(request, updateCustomerSchema);
  return json({ customer: updateCustomer(customersDb(), user, params.id, patch) });
});

export const DELETE = protectedRoute<Params>().handle(({ params, user }) => {
  deleteCustomer(customersDb(), user, params.id);
  return new Response(null, { status: 204, headers: { "Cache-Control": "private, no-store" } });
});
