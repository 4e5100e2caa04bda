import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/dal";
import { Card, PageTitle } from "@/app/ui/card";

export async function generateMetadata({ params }: { params: Promise<{ team: string }> }): Promise<Metadata> {
  return { title: `Team ${(await params).team}` };
}

export default async function TeamPage({ params }: { params: Promise<{ team: string }> }) {
  const { team } = await params;
  const { user } = await requireUser(`/teams/${encodeURIComponent(team)}`);
  const member = user.team === team;

  return (
    <>
      <PageTitle title={`Team ${team}`} subtitle={member ? "You are a member of this team." : "You can see this team as an administrator."} />
      <Card>
        <p className="text-sm text-slate-700">
          This page is open to members of <strong>{team}</strong> and to administrators. Everyone else is sent to the forbidden page.
        </p>
        <p className="mt-4 text-sm">
          <Link href={`/customers?team=${encodeURIComponent(team)}`} className="font-semibold text-indigo-600 hover:text-indigo-500">
            View {team}&apos;s customers →
          </Link>
        </p>
      </Card>
    </>
  );
}
