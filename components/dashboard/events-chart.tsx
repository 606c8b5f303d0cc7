"use client";

import { useId } from "react";
import { Area, AreaChart, CartesianGrid, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card, CardHeader } from "@/components/ui/card";
import { useLocale } from "@/components/ui/locale";
import type { DashboardData } from "@/lib/dashboard/types";
import { formatDay, formatLongDay } from "@/lib/format/dates";
import { formatCompact, formatInteger } from "@/lib/format/numbers";
import {
  axisProps,
  CHART_HEIGHT,
  dayLabel,
  formatValue,
  GRID_STROKE,
  SECONDARY_SERIES,
  tooltipProps,
  valueAxis,
} from "./chart-theme";
import { ChartLegend } from "./chart-legend";

export function EventsChart(props: { data: DashboardData["eventsPerDay"]; brandColor: string }) {
  const locale = useLocale();
  const gradientId = `events-fill-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const axis = valueAxis(props.data.map((d) => d.events));
  // Days that are not over yet (today) are shaded from the last whole day on, and said below.
  const firstPartial = props.data.findIndex((d) => d.partial);
  const partialFrom = firstPartial > 0 ? props.data[firstPartial - 1].date : props.data[firstPartial]?.date;
  const last = props.data[props.data.length - 1]?.date;
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
          <XAxis dataKey="date" tickFormatter={(d: string) => formatDay(d, locale)} minTickGap={24} {...axisProps} />
          <YAxis
            domain={axis.domain}
            ticks={axis.ticks}
            tickFormatter={(v: number) => formatCompact(v, locale)}
            width={44}
            {...axisProps}
          />
          <Tooltip
            {...tooltipProps}
            formatter={formatValue((v) => formatInteger(v, locale))}
            labelFormatter={dayLabel(locale)}
          />
          {firstPartial >= 0 && partialFrom && last ? (
            <ReferenceArea
              x1={partialFrom}
              x2={last}
              fill="#94a3b8"
              fillOpacity={0.12}
              stroke="#94a3b8"
              strokeDasharray="4 3"
              ifOverflow="extendDomain"
            />
          ) : null}
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
      {firstPartial >= 0 ? (
        <p className="chart-note" data-testid="partial-note">
          {firstPartial < props.data.length - 1
            ? `Days from ${formatLongDay(props.data[firstPartial].date, locale)} on are not over:`
            : `${formatLongDay(props.data[firstPartial].date, locale)} is not over:`}{" "}
          its figures so far are shaded.
        </p>
      ) : null}
    </Card>
  );
}
