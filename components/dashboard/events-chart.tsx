"use client";

import { useId } from "react";
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card, CardHeader } from "@/components/ui/card";
import type { DashboardData } from "@/lib/dashboard/types";
import {
  axisProps,
  CHART_HEIGHT,
  dayLabel,
  formatValue,
  GRID_STROKE,
  SECONDARY_SERIES,
  tooltipProps,
} from "./chart-theme";
import { ChartLegend } from "./chart-legend";
import { formatCompact, formatDay, formatInteger } from "./format";

export function EventsChart(props: { data: DashboardData["eventsPerDay"]; brandColor: string }) {
  const gradientId = `events-fill-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  return (
    <Card className="chart-card" data-testid="chart-events-per-day">
      <CardHeader title="Events per day" description="Events and unique users per calendar day" />
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <AreaChart data={props.data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <defs>
            <linearGradient id={gradientId} x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor={props.brandColor} stopOpacity={0.25} />
              <stop offset="100%" stopColor={props.brandColor} stopOpacity={0.02} />
            </linearGradient>
          </defs>
          <CartesianGrid stroke={GRID_STROKE} vertical={false} />
          <XAxis dataKey="date" tickFormatter={formatDay} minTickGap={24} {...axisProps} />
          <YAxis tickFormatter={formatCompact} width={44} allowDecimals={false} {...axisProps} />
          <Tooltip {...tooltipProps} formatter={formatValue(formatInteger)} labelFormatter={dayLabel} />
          <Area
            type="monotone"
            dataKey="events"
            name="Events"
            stroke={props.brandColor}
            strokeWidth={2}
            fill={`url(#${gradientId})`}
            isAnimationActive={false}
          />
          <Area
            type="monotone"
            dataKey="uniqueUsers"
            name="Unique users"
            stroke={SECONDARY_SERIES}
            strokeWidth={2}
            fill={SECONDARY_SERIES}
            fillOpacity={0.08}
            isAnimationActive={false}
          />
        </AreaChart>
      </ResponsiveContainer>
      <ChartLegend
        items={[
          { label: "Events", color: props.brandColor },
          { label: "Unique users", color: SECONDARY_SERIES },
        ]}
      />
    </Card>
  );
}
