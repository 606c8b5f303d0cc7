"use client";

import Link from "next/link";
import { ApiRequestError } from "@/components/hooks/queries";
import { useSchedule } from "@/components/hooks/schedule-queries";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { ScheduleForm } from "./schedule-form";

/** The edit form of one schedule, once it has loaded. */
export function EditSchedule(props: { id: string; workspaceTimezone: string; canManage: boolean }) {
  const schedule = useSchedule(props.id);

  if (schedule.isPending) {
    return (
      <Card aria-busy="true">
        <span className="sr-only" role="status">
          Loading the schedule…
        </span>
        <Skeleton width="40%" height={22} />
        <Skeleton width="70%" height={16} />
      </Card>
    );
  }
  if (schedule.isError) {
    const missing = schedule.error instanceof ApiRequestError && schedule.error.status === 404;
    return (
      <Card className="error-card" role="alert">
        <h1 className="card-title">{missing ? "This schedule does not exist" : "Could not load the schedule"}</h1>
        <p className="error-message">
          {missing ? "It may have been deleted, or it belongs to another workspace." : schedule.error.message}
        </p>
        {missing ? (
          <Link href="/schedules">Back to schedules</Link>
        ) : (
          <Button onClick={() => void schedule.refetch()} disabled={schedule.isFetching}>
            {schedule.isFetching ? "Retrying…" : "Try again"}
          </Button>
        )}
      </Card>
    );
  }
  return (
    <ScheduleForm
      key={schedule.data.id}
      schedule={schedule.data}
      workspaceTimezone={props.workspaceTimezone}
      canManage={props.canManage}
    />
  );
}
