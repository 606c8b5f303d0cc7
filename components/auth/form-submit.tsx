"use client";

import { useState, type FormEvent } from "react";

const UNREACHABLE = "Could not reach the server. Check your connection and try again.";

/** What an action returns when it navigates away: the form stays busy, so it cannot be sent twice. */
export const LEAVING = Symbol("leaving");

/**
 * The submit plumbing every account form shares: the browser's own submit is stopped, the form
 * is busy while the action runs, and a thrown error becomes the message shown. fetch's TypeError
 * means the server was not reached; any other error carries its own message (fetchJson throws the
 * API envelope's).
 */
export function useFormSubmit() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function onSubmit(action: () => Promise<unknown>) {
    return async (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      setPending(true);
      setError(null);
      try {
        if ((await action()) === LEAVING) return;
      } catch (caught) {
        setError(caught instanceof Error && !(caught instanceof TypeError) ? caught.message : UNREACHABLE);
      }
      setPending(false);
    };
  }

  return { pending, error, onSubmit };
}

/** The form's error, announced to screen readers. */
export function FormError(props: { error: string | null }) {
  if (!props.error) return null;
  return (
    <p className="form-error" role="alert">
      {props.error}
    </p>
  );
}
