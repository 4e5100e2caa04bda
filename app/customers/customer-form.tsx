"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Button } from "@/app/ui/button";
import { Field } from "@/app/ui/field";
import type { Customer, CustomerStatus, Team } from "@/lib/customers/schemas";
import { saveCustomerAction, type CustomerFormState } from "./actions";
import { SelectField } from "./select-field";

/**
 * Create (no `customer`) or edit form. The server action validates and authorizes; its field
 * errors come back here next to their inputs, and the submitted values stay in place.
 */
export function CustomerForm({
  customer,
  teams,
  statuses,
  cancelHref,
}: {
  customer?: Customer;
  /** Only the teams this user may file customers under. */
  teams: readonly Team[];
  statuses: readonly CustomerStatus[];
  cancelHref?: string;
}) {
  const [state, action, pending] = useActionState(saveCustomerAction, {} as CustomerFormState);
  const value = (field: "name" | "email" | "team" | "status") => state.values?.[field] ?? customer?.[field] ?? "";
  const errors = state.fieldErrors ?? {};
  const editing = customer !== undefined;
  const prefix = editing ? "edit" : "create";

  return (
    <form action={action} className="space-y-4" noValidate aria-label={editing ? `Edit ${customer.name}` : "New customer"}>
      {editing ? <input type="hidden" name="id" value={customer.id} /> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id={`${prefix}-name`} label="Name" name="name" required maxLength={120} defaultValue={value("name")} error={errors.name} />
        <Field
          id={`${prefix}-email`}
          label="Email"
          name="email"
          type="email"
          required
          maxLength={254}
          defaultValue={value("email")}
          error={errors.email}
        />
        <SelectField id={`${prefix}-team`} label="Team" name="team" defaultValue={value("team") || teams[0]} options={teams} error={errors.team} />
        <SelectField
          id={`${prefix}-status`}
          label="Status"
          name="status"
          defaultValue={value("status") || "active"}
          options={statuses}
          error={errors.status}
        />
      </div>
      <div aria-live="assertive" className="min-h-5 text-sm">
        {state.error ? (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-700 ring-1 ring-red-200">
            {state.error}
          </p>
        ) : null}
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending} aria-disabled={pending}>
          {pending ? "Saving…" : editing ? "Save changes" : "Create customer"}
        </Button>
        {cancelHref ? (
          <Link href={cancelHref} className="text-sm font-semibold text-slate-600 hover:text-slate-900">
            Cancel
          </Link>
        ) : null}
      </div>
    </form>
  );
}
