import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/dal";
import { isAppError } from "@/lib/auth/errors";
import { assignableTeams, mayPerform, teamScope, type TeamScope } from "@/lib/customers/access";
import { customersDb } from "@/lib/customers/db";
import { DEFAULT_PAGE_SIZE, parseListQuery, STATUSES, TEAMS, type Customer, type ListQuery } from "@/lib/customers/schemas";
import { getCustomer, listCustomers, type CustomerList } from "@/lib/customers/service";
import { Badge, Card, PageTitle } from "@/app/ui/card";
import { CustomerForm } from "./customer-form";
import { DeleteForm } from "./delete-form";
import { SelectField } from "./select-field";

export const metadata: Metadata = { title: "Customers" };

type SearchParams = Record<string, string | string[] | undefined>;

const LIST_KEYS = ["q", "team", "page", "pageSize"] as const;
const NOTICES: Record<string, string> = {
  created: "Customer created.",
  updated: "Customer updated.",
  deleted: "Customer deleted.",
};

/** The list query from the page's URL; an invalid one falls back to the first page, with a message. */
function listQueryFrom(params: SearchParams): { query: ListQuery; problem?: string } {
  const search = new URLSearchParams();
  for (const key of LIST_KEYS) {
    const value = params[key];
    // The search form submits empty fields ("All teams"): they mean "not set".
    for (const v of Array.isArray(value) ? value : [value]) if (v) search.append(key, v);
  }
  try {
    return { query: parseListQuery(search) };
  } catch (err) {
    const details = isAppError(err) ? err.details.map((d) => `${d.source.replace(/^query\./, "")} ${d.desc}`).join("; ") : "";
    return { query: { page: 1, pageSize: DEFAULT_PAGE_SIZE }, problem: `The search was not understood (${details}); showing the first page.` };
  }
}

function one(params: SearchParams, key: string): string | undefined {
  const value = params[key];
  return typeof value === "string" && value ? value : undefined;
}

/** A link to this page keeping the current search, with `changes` applied. */
function pageHref(query: ListQuery, changes: Record<string, string | number | undefined> = {}): string {
  const entries: Record<string, string | number | undefined> = {
    q: query.q,
    team: query.team,
    page: query.page > 1 ? query.page : undefined,
    pageSize: query.pageSize !== DEFAULT_PAGE_SIZE ? query.pageSize : undefined,
    ...changes,
  };
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(entries)) if (value !== undefined && value !== "") search.set(key, String(value));
  const text = search.toString();
  return text ? `/customers?${text}` : "/customers";
}

/** The customer named by ?edit= or ?delete=, if this user may see it. */
function customerFrom(id: string | undefined, read: (id: string) => Customer): Customer | "missing" | undefined {
  if (!id) return undefined;
  try {
    return read(id);
  } catch {
    return "missing";
  }
}

export default async function CustomersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { user } = await requireUser("/customers");
  const params = await searchParams;
  const db = customersDb();
  const { query, problem } = listQueryFrom(params);

  let list: CustomerList | undefined;
  let scope: TeamScope | undefined;
  let refused: string | undefined;
  try {
    scope = teamScope(user);
    list = listCustomers(db, user, query);
  } catch (err) {
    refused = isAppError(err) ? `${err.message}: ${err.details.map((d) => d.desc).join("; ")}` : "The customers could not be loaded.";
  }

  const may = {
    create: mayPerform(user, "create"),
    update: mayPerform(user, "update"),
    delete: mayPerform(user, "delete"),
  };
  const everyTeam = scope?.every === true;
  const scopeLabel = !scope ? undefined : !scope.every ? `Team ${scope.team}` : query.team ? `Team ${query.team}` : "All teams";
  const read = (id: string) => getCustomer(db, user, id);
  const editParam = may.update ? customerFrom(one(params, "edit"), read) : undefined;
  const deleteParam = may.delete ? customerFrom(one(params, "delete"), read) : undefined;
  const editing = editParam === "missing" ? undefined : editParam;
  const deleting = deleteParam === "missing" ? undefined : deleteParam;
  const notice = NOTICES[one(params, "notice") ?? ""];
  const teams = assignableTeams(user);
  const pages = list ? Math.max(1, Math.ceil(list.total / list.pageSize)) : 1;

  return (
    <>
      <PageTitle title="Customers" subtitle={scopeLabel} />

      {notice ? (
        <p role="status" className="mb-4 rounded-md bg-emerald-50 px-4 py-3 text-sm text-emerald-800 ring-1 ring-emerald-200">
          {notice}
        </p>
      ) : null}
      {problem ? (
        <p role="status" className="mb-4 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-800 ring-1 ring-amber-200">
          {problem}
        </p>
      ) : null}

      {editParam === "missing" || deleteParam === "missing" ? (
        <p role="alert" className="mb-6 rounded-md bg-red-50 px-4 py-3 text-sm text-red-700 ring-1 ring-red-200">
          That customer does not exist or is not one of yours.
        </p>
      ) : null}

      {deleting ? (
        <Card className="mb-6">
          <h2 className="mb-3 text-lg font-semibold">Delete customer</h2>
          <DeleteForm key={deleting.id} id={deleting.id} name={deleting.name} cancelHref={pageHref(query)} />
        </Card>
      ) : null}

      {editing ? (
        <Card className="mb-6">
          <h2 className="mb-4 text-lg font-semibold">Edit {editing.name}</h2>
          <CustomerForm key={editing.id} customer={editing} teams={teams} statuses={STATUSES} cancelHref={pageHref(query)} />
        </Card>
      ) : null}

      {refused ? (
        <Card>
          <p role="alert" className="text-sm text-red-700">
            {refused}
          </p>
        </Card>
      ) : (
        <Card>
          <form method="get" action="/customers" role="search" className="flex flex-wrap items-end gap-3 border-b border-slate-100 pb-4">
            <div className="min-w-48 flex-1">
              <label htmlFor="customer-search" className="block text-sm font-medium text-slate-800">
                Search
              </label>
              <input
                id="customer-search"
                name="q"
                type="search"
                defaultValue={query.q ?? ""}
                maxLength={100}
                placeholder="Name or email"
                className="mt-1 block w-full rounded-md border-0 px-3 py-2 text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 sm:text-sm"
              />
            </div>
            {everyTeam ? (
              <div className="w-44">
                <SelectField id="customer-team-filter" label="Filter by team" name="team" defaultValue={query.team ?? ""} emptyOption="All teams" options={TEAMS} />
              </div>
            ) : null}
            <button
              type="submit"
              className="inline-flex items-center rounded-md bg-white px-3.5 py-2 text-sm font-semibold text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
            >
              Search
            </button>
            {query.q || query.team ? (
              <Link href="/customers" className="py-2 text-sm font-semibold text-slate-600 hover:text-slate-900">
                Clear
              </Link>
            ) : null}
          </form>

          {list && list.items.length > 0 ? (
            <div className="-mx-6 overflow-x-auto">
              <table className="min-w-full divide-y divide-slate-200 text-sm [&_tr>*:first-child]:pl-6 [&_tr>*:last-child]:pr-6">
                <caption className="sr-only">Customers you can see</caption>
                <thead className="bg-slate-50">
                  <tr>
                    <th scope="col" className="px-4 py-3 text-left font-semibold">Name</th>
                    <th scope="col" className="px-4 py-3 text-left font-semibold">Email</th>
                    <th scope="col" className="px-4 py-3 text-left font-semibold">Team</th>
                    <th scope="col" className="px-4 py-3 text-left font-semibold">Status</th>
                    <th scope="col" className="px-4 py-3 text-left font-semibold">Updated</th>
                    {may.update || may.delete ? (
                      <th scope="col" className="px-4 py-3 text-right font-semibold">
                        <span className="sr-only">Actions</span>
                      </th>
                    ) : null}
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {list.items.map((c) => (
                    <tr key={c.id}>
                      <th scope="row" className="px-4 py-2 text-left font-medium whitespace-nowrap">{c.name}</th>
                      <td className="px-4 py-2 text-slate-600">{c.email}</td>
                      <td className="px-4 py-2">{c.team}</td>
                      <td className="px-4 py-2">
                        <Badge tone={c.status === "active" ? "green" : "red"}>{c.status}</Badge>
                      </td>
                      <td className="px-4 py-2 whitespace-nowrap text-slate-600">
                        <time dateTime={c.updatedAt}>{c.updatedAt.slice(0, 10)}</time>
                      </td>
                      {may.update || may.delete ? (
                        <td className="space-x-3 px-4 py-2 text-right whitespace-nowrap">
                          {may.update ? (
                            <Link href={pageHref(query, { edit: c.id })} aria-label={`Edit ${c.name}`} className="font-semibold text-indigo-600 hover:text-indigo-500">
                              Edit
                            </Link>
                          ) : null}
                          {may.delete ? (
                            <Link href={pageHref(query, { delete: c.id })} aria-label={`Delete ${c.name}`} className="font-semibold text-red-600 hover:text-red-500">
                              Delete
                            </Link>
                          ) : null}
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="py-4 text-sm text-slate-600">No customers match.</p>
          )}

          {list ? (
            <nav aria-label="Pagination" className="flex items-center justify-between border-t border-slate-100 pt-4 text-sm">
              <span className="text-slate-600">
                Page {list.page} of {pages} · {list.total} {list.total === 1 ? "customer" : "customers"}
              </span>
              <span className="flex gap-3">
                {list.page > 1 ? (
                  <Link rel="prev" href={pageHref(query, { page: list.page - 1 })} className="font-semibold text-indigo-600 hover:text-indigo-500">
                    ← Previous
                  </Link>
                ) : null}
                {list.page < pages ? (
                  <Link rel="next" href={pageHref(query, { page: list.page + 1 })} className="font-semibold text-indigo-600 hover:text-indigo-500">
                    Next →
                  </Link>
                ) : null}
              </span>
            </nav>
          ) : null}
        </Card>
      )}

      {may.create && teams.length > 0 && !refused && !editing ? (
        <Card className="mt-6">
          <h2 className="mb-4 text-lg font-semibold">New customer</h2>
          <CustomerForm teams={teams} statuses={STATUSES} />
        </Card>
      ) : null}
    </>
  );
}
