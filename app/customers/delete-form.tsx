"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Button } from "@/app/ui/button";
import { deleteCustomerAction, type DeleteState } from "./actions";

/** The confirmation step of a delete: nothing is deleted until this form is submitted. */
export function DeleteForm({ id, name, cancelHref }: { id: string; name: string; cancelHref: string }) {
  const [state, action, pending] = useActionState(deleteCustomerAction, {} as DeleteState);
  return (
    <form action={action} className="space-y-3" aria-label={`Confirm deleting ${name}`}>
      <input type="hidden" name="id" value={id} />
      <p className="text-sm text-slate-700">
        Delete <strong>{name}</strong>? This cannot be undone.
      </p>
      {state.error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200">
          {state.error}
        </p>
      ) : null}
      <div className="flex items-center gap-3">
        <Button type="submit" variant="danger" disabled={pending} aria-disabled={pending}>
          {pending ? "Deleting…" : "Yes, delete"}
        </Button>
        <Link href={cancelHref} className="text-sm font-semibold text-slate-600 hover:text-slate-900">
          Cancel
        </Link>
      </div>
    </form>
  );
}
