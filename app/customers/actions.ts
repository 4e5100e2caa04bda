"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { z } from "zod";
import { requireUser } from "@/lib/auth/dal";
import { isAppError } from "@/lib/auth/errors";
import { customersDb } from "@/lib/customers/db";
import { createCustomerSchema, updateCustomerSchema, type Customer } from "@/lib/customers/schemas";
import { createCustomer, deleteCustomer, updateCustomer } from "@/lib/customers/service";

/**
 * The /customers page's Server Actions. They check exactly what the API checks: requireUser for the
 * page's policy, then the same service functions (policy table roles + team rules). Expected
 * failures come back to the form as state; only redirects are thrown.
 */
export type CustomerField = "name" | "email" | "team" | "status";

export interface CustomerFormState {
  error?: string;
  fieldErrors?: Partial<Record<CustomerField, string>>;
  /** What was submitted, so a refused form keeps the user's input. */
  values?: Partial<Record<CustomerField, string>>;
}

export interface DeleteState {
  error?: string;
}

const LABELS: Record<CustomerField, string> = { name: "Name", email: "Email", team: "Team", status: "Status" };
const FIELDS = Object.keys(LABELS) as CustomerField[];

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

function fieldErrors(error: z.ZodError): CustomerFormState["fieldErrors"] {
  const errors: Partial<Record<CustomerField, string>> = {};
  for (const issue of error.issues) {
    const field = FIELDS.find((f) => f === issue.path[0]);
    if (field && !errors[field]) errors[field] = `${LABELS[field]} ${issue.message}`;
  }
  return errors;
}

/** A refusal from the service, worded for the form. */
function refusal(err: unknown): Omit<CustomerFormState, "values"> {
  if (!isAppError(err)) {
    console.error(`[customers] unexpected ${err instanceof Error ? err.name : typeof err}`);
    return { error: "Something went wrong. Please try again." };
  }
  switch (err.code) {
    case "Conflict":
      return { fieldErrors: { email: "Email is already used by another customer" } };
    case "NotFound":
      return { error: "This customer no longer exists or is not one of yours." };
    case "Forbidden":
      return err.details.some((d) => d.source === "teamCheck")
        ? { fieldErrors: { team: "Team must be one you belong to" } }
        : { error: err.message };
    default:
      return { error: err.message };
  }
}

/** Creates a customer, or updates the one named by the hidden `id` field. */
export async function saveCustomerAction(_previous: CustomerFormState, form: FormData): Promise<CustomerFormState> {
  const { user } = await requireUser("/customers");
  const id = text(form, "id");
  const values = Object.fromEntries(FIELDS.map((f) => [f, text(form, f)])) as Record<CustomerField, string>;

  let saved: Customer;
  try {
    if (id) {
      const parsed = updateCustomerSchema.safeParse(values);
      if (!parsed.success) return { values, fieldErrors: fieldErrors(parsed.error) };
      saved = updateCustomer(customersDb(), user, id, parsed.data);
    } else {
      const parsed = createCustomerSchema.safeParse(values);
      if (!parsed.success) return { values, fieldErrors: fieldErrors(parsed.error) };
      saved = createCustomer(customersDb(), user, parsed.data);
    }
  } catch (err) {
    return { values, ...refusal(err) };
  }
  revalidatePath("/customers");
  // Show the saved customer in the list, wherever it would sort.
  redirect(`/customers?${new URLSearchParams({ q: saved.email, notice: id ? "updated" : "created" })}`);
}

export async function deleteCustomerAction(_previous: DeleteState, form: FormData): Promise<DeleteState> {
  const { user } = await requireUser("/customers");
  try {
    deleteCustomer(customersDb(), user, text(form, "id"));
  } catch (err) {
    return { error: refusal(err).error ?? "The customer could not be deleted." };
  }
  revalidatePath("/customers");
  redirect("/customers?notice=deleted");
}
