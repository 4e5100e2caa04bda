import { signOutAction } from "@/app/auth-actions";
import { Button } from "./button";

/** A POST form, so sign-out works without JavaScript and cannot be triggered by a cross-site link. */
export function SignOutButton({ variant = "secondary" }: { variant?: "primary" | "secondary" }) {
  return (
    <form action={signOutAction}>
      <Button type="submit" variant={variant}>
        Sign out
      </Button>
    </form>
  );
}
