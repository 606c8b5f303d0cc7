"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useId, useState, useSyncExternalStore } from "react";
import { fetchJson } from "@/components/hooks/queries";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { AuthCard } from "./auth-card";
import { FormError, LEAVING, useFormSubmit } from "./form-submit";

const unchanging = () => () => {};
const readBrowserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

/** First-run setup: the first account (owner and instance admin) and its workspace. */
export function SetupForm() {
  const router = useRouter();
  const id = useId();
  const [chosen, setForm] = useState({
    name: "",
    email: "",
    password: "",
    workspaceName: "",
    timezone: null as string | null,
    brandColor: "#2563eb",
  });
  const { pending, error, onSubmit } = useFormSubmit();

  // The browser's own zone is the likeliest answer until one is typed; the server renders UTC.
  const browserZone = useSyncExternalStore(unchanging, readBrowserZone, () => "UTC");
  const form = { ...chosen, timezone: chosen.timezone ?? browserZone };

  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));

  const submit = onSubmit(async () => {
    await fetchJson("/api/setup", { method: "POST", body: JSON.stringify(form) });
    const result = await signIn("credentials", { email: form.email, password: form.password, redirect: false });
    router.replace(result?.ok ? "/" : "/signin");
    router.refresh();
    return LEAVING;
  });

  const field = (key: keyof typeof form, label: string, props: Record<string, unknown> = {}) => (
    <div className="field">
      <label className="label" htmlFor={`${id}-${key}`}>
        {label}
      </label>
      <Input id={`${id}-${key}`} name={key} required value={form[key]} onChange={set(key)} {...props} />
    </div>
  );

  return (
    <AuthCard title="Set up Chartroom" wide>
      <p className="muted" style={{ marginBottom: 16 }}>
        Create the first account. It owns the first workspace and administers this instance.
      </p>
      <form className="auth-form" onSubmit={submit}>
        {field("name", "Your name", { autoComplete: "name" })}
        {field("email", "Email", { type: "email", autoComplete: "email" })}
        {field("password", "Password", { type: "password", autoComplete: "new-password", minLength: 10 })}
        {field("workspaceName", "Workspace name", { placeholder: "Acme Analytics" })}
        {field("timezone", "Time zone", { autoComplete: "off" })}
        <div className="field">
          <label className="label" htmlFor={`${id}-brandColor`}>
            Brand colour
          </label>
          <input
            id={`${id}-brandColor`}
            name="brandColor"
            type="color"
            className="input"
            style={{ padding: 2, width: 64 }}
            value={form.brandColor}
            onChange={set("brandColor")}
          />
        </div>
        <FormError error={error} />
        <Button type="submit" variant="primary" className="btn-block" disabled={pending}>
          {pending ? "Creating…" : "Create account and workspace"}
        </Button>
      </form>
    </AuthCard>
  );
}
