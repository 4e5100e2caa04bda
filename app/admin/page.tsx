import type { Metadata } from "next";
import { authorize } from "@/lib/auth/authorize";
import type { User } from "@/lib/auth/claims";
import { requireUser } from "@/lib/auth/dal";
import { describeRoles, describeTeams } from "@/lib/auth/describe-policy";
import { POLICY_TABLE, type AccessPolicy } from "@/lib/auth/policy";
import { Card, PageTitle } from "@/app/ui/card";

export const metadata: Metadata = { title: "Admin" };

/** The demo roles and teams the matrix is computed for. */
const PERSONAS: { label: string; roles: string[]; team: string }[] = [
  { label: "admin · platform", roles: ["admin"], team: "platform" },
  { label: "staff · sales", roles: ["staff"], team: "sales" },
  { label: "staff · support", roles: ["staff"], team: "support" },
  { label: "viewer · support", roles: ["viewer"], team: "support" },
];

const TEAMS = ["platform", "sales", "support"];

interface Row {
  route: string;
  method?: string;
  policy: AccessPolicy;
  params: Record<string, string>;
}

/** Every protected entry of the policy table; a team parameter is expanded into one row per team. */
function rows(): Row[] {
  return POLICY_TABLE.flatMap((entry): Row[] => {
    if (entry.access.public || entry.pattern.startsWith("/bench/")) return [];
    const policy = entry.access.policy;
    const method = entry.methods?.join(", ");
    if (entry.pattern.includes("[team]")) {
      return TEAMS.map((team) => ({ route: entry.pattern.replace("[team]", team), method, policy, params: { team } }));
    }
    return [{ route: entry.pattern, method, policy, params: {} }];
  });
}

function persona(p: (typeof PERSONAS)[number]): User {
  return { sub: p.label, username: p.label, roles: p.roles, team: p.team, groups: [], tokenUse: "id" };
}

/**
 * The access matrix, computed by `authorize` over the same table middleware, pages and APIs enforce:
 * it cannot drift from what is enforced.
 */
export default async function AdminPage() {
  await requireUser("/admin");
  const table = rows();

  return (
    <>
      <PageTitle title="Access matrix" subtitle="Routes × demo roles and teams, computed from the policy table that every gate enforces." />
      <Card className="overflow-x-auto p-0">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">Who may open each route</caption>
          <thead className="bg-slate-50">
            <tr>
              <th scope="col" className="px-4 py-3 text-left font-semibold">Route</th>
              <th scope="col" className="px-4 py-3 text-left font-semibold">Requires</th>
              {PERSONAS.map((p) => (
                <th key={p.label} scope="col" className="px-4 py-3 text-center font-semibold whitespace-nowrap">
                  {p.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {table.map((row) => (
              <tr key={`${row.method ?? "ALL"} ${row.route}`}>
                <th scope="row" className="px-4 py-2 text-left font-mono text-xs font-medium whitespace-nowrap">
                  {row.method ? <span className="mr-1 text-slate-500">{row.method}</span> : null}
                  {row.route}
                </th>
                <td className="px-4 py-2 text-xs text-slate-600">
                  {describeRoles(row.policy)}; {describeTeams(row.policy, row.params)}
                </td>
                {PERSONAS.map((p) => {
                  const ok = authorize(persona(p), row.policy, row.params).ok;
                  return (
                    <td key={p.label} className="px-4 py-2 text-center">
                      <span className={ok ? "text-emerald-700" : "text-red-600"} data-allowed={ok}>
                        {ok ? "✓ allowed" : "✗ denied"}
                      </span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </>
  );
}
