"use client";

import { useId, useRef, useState } from "react";
import { useRemoveLogo, useUploadLogo } from "@/components/hooks/settings-queries";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";

/** The same limit the server enforces (lib/exports/logo-store.ts), said before the upload. */
const MAX_KB = 512;

export function LogoCard(props: { workspaceId: string; hasLogo: boolean; brandColor: string; editable: boolean }) {
  const id = useId();
  const upload = useUploadLogo(props.workspaceId);
  const remove = useRemoveLogo(props.workspaceId);
  const input = useRef<HTMLInputElement>(null);
  // Bumped after each change so the preview is fetched again rather than served from cache.
  const [version, setVersion] = useState(0);
  const [message, setMessage] = useState<{ tone: "error" | "ok"; text: string } | null>(null);
  const busy = upload.isPending || remove.isPending;
  const src = `/api/settings/logo?${new URLSearchParams({ workspace: props.workspaceId, v: String(version) })}`;

  function onFile(file: File | undefined) {
    if (!file) return;
    setMessage(null);
    upload.mutate(file, {
      onSuccess: ({ logo }) => {
        setVersion((v) => v + 1);
        setMessage({ tone: "ok", text: `Logo uploaded (${logo.format.toUpperCase()}, ${logo.width}×${logo.height}).` });
      },
      onError: (error) => setMessage({ tone: "error", text: error.message }),
      onSettled: () => {
        if (input.current) input.current.value = "";
      },
    });
  }

  return (
    <Card>
      <CardHeader
        title="Logo"
        description={`Drawn in the header of PDFs, on the XLSX summary sheet and in report e-mails. PNG or JPEG, at most ${MAX_KB} KB.`}
      />
      <div className="logo-row">
        <div className="logo-preview" style={{ borderTopColor: props.brandColor }}>
          {props.hasLogo ? (
            // eslint-disable-next-line @next/next/no-img-element -- an uploaded image served by our API, not a static asset
            <img src={src} alt="Workspace logo" />
          ) : (
            <span className="muted">No logo</span>
          )}
        </div>
        {props.editable ? (
          <div className="settings-actions">
            <label className="btn btn-secondary" htmlFor={`${id}-file`} aria-disabled={busy}>
              {props.hasLogo ? "Replace logo…" : "Upload logo…"}
            </label>
            <input
              ref={input}
              id={`${id}-file`}
              className="sr-only"
              type="file"
              accept="image/png,image/jpeg"
              aria-label="Logo file"
              disabled={busy}
              onChange={(e) => onFile(e.target.files?.[0])}
            />
            {props.hasLogo ? (
              <Button
                variant="ghost"
                disabled={busy}
                onClick={() => {
                  setMessage(null);
                  remove.mutate(undefined, {
                    onSuccess: () => setMessage({ tone: "ok", text: "Logo removed." }),
                    onError: (error) => setMessage({ tone: "error", text: error.message }),
                  });
                }}
              >
                Remove logo
              </Button>
            ) : null}
          </div>
        ) : null}
      </div>
      {message ? (
        <p
          className={message.tone === "error" ? "form-error" : "notice notice-info"}
          role={message.tone === "error" ? "alert" : "status"}
        >
          {message.text}
        </p>
      ) : null}
    </Card>
  );
}
