"use client";

import { useId, useState } from "react";
import { fetchJson } from "@/components/hooks/queries";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { JOIN_CODE_LENGTH } from "@/lib/team/schemas";
import { AuthCard } from "./auth-card";
import { enterWorkspace } from "./enter-workspace";

export function JoinWithCode() {
  const id = useId();
  const [code, setCode] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      const result = await fetchJson<{ workspace: { id: string } }>("/api/join", {
        method: "POST",
        body: JSON.stringify({ code }),
      });
      await enterWorkspace(result.workspace.id);
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not join.");
      setPending(false);
    }
  }

  return (
    <AuthCard title="Join a workspace">
      <form className="auth-form" onSubmit={submit}>
        <div className="field">
          <label className="label" htmlFor={`${id}-code`}>
            Join code
          </label>
          <Input
            id={`${id}-code`}
            required
            autoComplete="off"
            maxLength={JOIN_CODE_LENGTH}
            value={code}
            onChange={(e) => setCode(e.target.value.toUpperCase())}
          />
        </div>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <Button type="submit" variant="primary" disabled={pending || code.trim().length !== JOIN_CODE_LENGTH}>
          Join
        </Button>
      </form>
    </AuthCard>
  );
}
