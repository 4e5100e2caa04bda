/**
 * The demo accounts the emulator is seeded with (scripts/seed.ts), restated here on purpose: the
 * tests' expectations are written down independently of the code under test.
 */
export type PersonaName = "alice" | "bob" | "carol";

export interface Persona {
  name: PersonaName;
  email: string;
  password: string;
  /** custom:role plus cognito:groups, deduplicated, as the app shows them. */
  roles: readonly string[];
  team: string;
  groups: readonly string[];
}

/** Every demo password: development-only accounts on a throwaway emulator. */
export const DEMO_PASSWORD = "Demo-Passw0rd!";

export const PERSONAS: Readonly<Record<PersonaName, Persona>> = {
  alice: { name: "alice", email: "alice@example.com", password: DEMO_PASSWORD, roles: ["admin"], team: "platform", groups: ["admin"] },
  bob: { name: "bob", email: "bob@example.com", password: DEMO_PASSWORD, roles: ["staff"], team: "sales", groups: ["staff"] },
  carol: { name: "carol", email: "carol@example.com", password: DEMO_PASSWORD, roles: ["viewer"], team: "support", groups: [] },
};

/** Dave starts with a temporary password: Cognito asks him for a new one at first sign-in. */
export const DAVE = {
  email: "dave@example.com",
  temporaryPassword: "Temp-Passw0rd!",
  roles: ["staff"],
  team: "support",
} as const;
