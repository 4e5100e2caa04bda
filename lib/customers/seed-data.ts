import type { CustomerStatus, Team } from "./schemas";

/** The demo customers a new database starts with: ten per team, a few churned. */
export interface SeedCustomer {
  name: string;
  email: string;
  team: Team;
  status: CustomerStatus;
}

const BY_TEAM: Record<Team, readonly string[]> = {
  platform: [
    "Acme Cloud",
    "Borealis Hosting",
    "Cinder Compute",
    "Delta Mesh",
    "Ember Networks",
    "Fjord Storage",
    "Granite Data",
    "Helix Systems",
    "Iris Labs",
    "Juniper Ops",
  ],
  sales: [
    "Kestrel Retail",
    "Lumen Foods",
    "Meridian Travel",
    "Nimbus Outfitters",
    "Orchid Home",
    "Pinnacle Motors",
    "Quarry Books",
    "Ridge Apparel",
    "Summit Sports",
    "Tidal Beverages",
  ],
  support: [
    "Umbra Health",
    "Vertex Legal",
    "Willow Schools",
    "Xenon Energy",
    "Yarrow Clinics",
    "Zephyr Insurance",
    "Atlas Logistics",
    "Beacon Media",
    "Cobalt Finance",
    "Dune Agritech",
  ],
};

function emailFor(name: string): string {
  return `contact@${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.example`;
}

export const SEED_CUSTOMERS: readonly SeedCustomer[] = (Object.keys(BY_TEAM) as Team[]).flatMap((team) =>
  BY_TEAM[team].map((name, i) => ({ name, email: emailFor(name), team, status: i % 4 === 3 ? "churned" : "active" })),
);
