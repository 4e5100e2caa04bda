import type { TestProject } from "vitest/node";
import { startStack, type Stack } from "../support/stack";
import type { LocalIds } from "../../scripts/seed";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    ids: LocalIds;
  }
}

let stack: Stack | undefined;

/** One production build of the app on the emulator, as `npm run start:local` runs it. */
export async function setup(project: TestProject): Promise<void> {
  stack = await startStack();
  project.provide("baseURL", stack.baseURL);
  project.provide("ids", stack.ids);
}

export async function teardown(): Promise<void> {
  await stack?.stop();
}
