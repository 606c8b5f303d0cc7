"use client";

import { useId, useState } from "react";
import { useDeleteWorkspace, useLeaveWorkspace } from "@/components/hooks/settings-queries";
import { useTeam } from "@/components/hooks/team-queries";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import type { Role } from "@/lib/roles";

/** A full load on purpose: the layout must drop the workspace that was left or deleted. */
function leavePage() {
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- see above
  window.location.assign("/");
}

export function DangerZone(props: { workspaceId: string; workspaceName: string; userId: string; role: Role }) {
  const id = useId();
  const team = useTeam(props.workspaceId);
  const leave = useLeaveWorkspace(props.workspaceId);
  const remove = useDeleteWorkspace();
  const [confirmLeave, setConfirmLeave] = useState(false);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const owners = team.data?.members.filter((m) => m.role === "owner").length ?? 0;
  const lastOwner = props.role === "owner" && owners <= 1;
  const isOwner = props.role === "owner";

  return (
    <Card className="danger-card">
      <CardHeader title="Leave or delete" />
      <div className="danger-row">
        <div>
          <h3 className="danger-title">Leave this workspace</h3>
          {lastOwner ? (
            <p className="muted" id={`${id}-last-owner`}>
              You are the last owner of this workspace, so you cannot leave it: a workspace always keeps an owner. Make
              someone else an owner on the Team page first, or delete the workspace below.
            </p>
          ) : (
            <p className="muted">
              You lose access to its reports, exports and schedules until someone invites you again.
            </p>
          )}
        </div>
        {confirmLeave && !lastOwner ? (
          <div className="settings-actions">
            <Button
              variant="primary"
              className="btn-danger"
              disabled={leave.isPending}
              onClick={() => {
                setError(null);
                leave.mutate(props.userId, { onSuccess: leavePage, onError: (e) => setError(e.message) });
              }}
            >
              Yes, leave
            </Button>
            <Button variant="ghost" onClick={() => setConfirmLeave(false)}>
              Cancel
            </Button>
          </div>
        ) : (
          <Button
            disabled={lastOwner || team.isPending}
            aria-describedby={lastOwner ? `${id}-last-owner` : undefined}
            onClick={() => setConfirmLeave(true)}
          >
            Leave workspace…
          </Button>
        )}
      </div>
      {isOwner ? (
        <form
          className="danger-row"
          aria-label="Delete workspace"
          onSubmit={(e) => {
            e.preventDefault();
            if (typed !== props.workspaceName) return;
            setError(null);
            remove.mutate(
              { workspaceId: props.workspaceId, confirm: typed },
              { onSuccess: leavePage, onError: (e) => setError(e.message) },
            );
          }}
        >
          <div>
            <h3 className="danger-title">Delete this workspace</h3>
            <p className="muted">
              Deletes its reports, exports and their files, schedules, imported data, kept e-mails and logo for
              everyone. This cannot be undone; the instance audit trail records it.
            </p>
            <div className="field">
              <label className="label" htmlFor={`${id}-confirm`}>
                Type <strong>{props.workspaceName}</strong> to confirm
              </label>
              <Input id={`${id}-confirm`} autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />
            </div>
          </div>
          <Button
            type="submit"
            variant="primary"
            className="btn-danger"
            disabled={typed !== props.workspaceName || remove.isPending}
          >
            Delete workspace
          </Button>
        </form>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </Card>
  );
}
