"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card, CardHeader } from "@/components/ui/card";
import type { DashboardData } from "@/lib/dashboard/types";
import { useLocale } from "@/components/ui/locale";
import { formatCompact, formatInteger } from "@/lib/format/numbers";
import { axisProps, CHART_HEIGHT, formatValue, GRID_STROKE, tooltipProps, valueAxis } from "./chart-theme";

export function TopEventTypesChart(props: { data: DashboardData["topEventTypes"]; brandColor: string }) {
  const locale = useLocale();
  const axis = valueAxis(
    props.data.map((d) => d.events),
    { count: 3 },
  );
  return (
    <Card className="chart-card" data-testid="chart-top-event-types">
      <CardHeader title="Top event types" description="Most frequent events in the range" />
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <BarChart
          data={props.data}
          layout="vertical"
          margin={{ top: 0, right: 16, bottom: 0, left: 0 }}
          barCategoryGap={6}
        >
          <CartesianGrid stroke={GRID_STROKE} horizontal={false} />
          <XAxis
            type="number"
            domain={axis.domain}
            ticks={axis.ticks}
            tickFormatter={(v: number) => formatCompact(v, locale)}
            {...axisProps}
          />
          <YAxis type="category" dataKey="eventType" width={112} interval={0} {...axisProps} />
          <Tooltip
            {...tooltipProps}
            cursor={{ fill: "rgba(17, 24, 39, 0.04)" }}
            formatter={formatValue((v) => formatInteger(v, locale))}
          />
          <Bar
            dataKey="events"
            name="Events"
            fill={props.brandColor}
            radius={[0, 4, 4, 0]}
            maxBarSize={22}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </Card>
  );
}
