"use client";

import { useActionState, useState, type FormEvent } from "react";
import { loginAction, type LoginState } from "@/app/auth-actions";
import { Button } from "@/app/ui/button";
import { Field } from "@/app/ui/field";

const PASSWORD_RULES = [
  { text: "At least 8 characters", test: (p: string) => p.length >= 8 },
  { text: "An uppercase and a lowercase letter", test: (p: string) => /[A-Z]/.test(p) && /[a-z]/.test(p) },
  { text: "A number", test: (p: string) => /\d/.test(p) },
  { text: "A symbol", test: (p: string) => /[^A-Za-z0-9]/.test(p) },
];

/**
 * Two steps, each a Server Action: credentials, then (on NEW_PASSWORD_REQUIRED) a new password.
 * Without JavaScript the forms post and the server renders the next step; with it, errors are
 * announced in place and the button shows progress.
 */
export function LoginForm({ next }: { next: string }) {
  const [state, formAction, pending] = useActionState(loginAction, { step: "credentials" } as LoginState);
  if (state.step === "newPassword") {
    return <NewPasswordStep state={state} action={formAction} pending={pending} next={next} />;
  }
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="step" value="credentials" />
      <input type="hidden" name="next" value={next} />
      <Field
        label="Email"
        name="username"
        type="email"
        autoComplete="username"
        required
        defaultValue={state.username}
        error={state.fieldErrors?.username}
      />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required error={state.fieldErrors?.password} />
      <Announcement message={state.error} />
      <Button type="submit" className="w-full" disabled={pending} aria-disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}

function NewPasswordStep({
  state,
  action,
  pending,
  next,
}: {
  state: Extract<LoginState, { step: "newPassword" }>;
  action: (form: FormData) => void;
  pending: boolean;
  next: string;
}) {
  const [password, setPassword] = useState("");
  const [mismatch, setMismatch] = useState<string | undefined>();

  // Caught before submit when JavaScript runs; the server checks again when it does not.
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const form = new FormData(event.currentTarget);
    if (form.get("newPassword") !== form.get("confirmPassword")) {
      event.preventDefault();
      setMismatch("The passwords do not match");
    } else {
      setMismatch(undefined);
    }
  }

  return (
    <form action={action} onSubmit={onSubmit} className="space-y-4" noValidate>
      <div>
        <h2 className="text-lg font-semibold">Choose a new password</h2>
        <p className="mt-1 text-sm text-slate-600">Your account has a temporary password. Set your own to continue.</p>
      </div>
      <input type="hidden" name="step" value="newPassword" />
      <input type="hidden" name="next" value={next} />
      <input type="hidden" name="challenge" value={state.challenge} />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={state.fieldErrors?.newPassword}
      />
      <ul aria-label="Password rules" className="space-y-1 text-xs">
        {PASSWORD_RULES.map((rule) => {
          const met = rule.test(password);
          return (
            <li key={rule.text} className={met ? "text-emerald-700" : "text-slate-500"}>
              <span aria-hidden="true">{met ? "✓" : "•"}</span> {rule.text}
              <span className="sr-only">{met ? " (met)" : " (not met yet)"}</span>
            </li>
          );
        })}
      </ul>
      <Field
        label="Confirm new password"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        error={mismatch ?? state.fieldErrors?.confirmPassword}
      />
      <Announcement message={mismatch ?? state.error} />
      <Button type="submit" className="w-full" disabled={pending} aria-disabled={pending}>
        {pending ? "Saving…" : "Set password and sign in"}
      </Button>
    </form>
  );
}

/** Always rendered, so screen readers announce a message when it appears. */
function Announcement({ message }: { message?: string }) {
  return (
    <div aria-live="assertive" className="min-h-5 text-sm">
      {message ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-700 ring-1 ring-red-200">
          {message}
        </p>
      ) : null}
    </div>
  );
}
