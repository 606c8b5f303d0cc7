"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card, CardHeader } from "@/components/ui/card";
import type { DashboardData } from "@/lib/dashboard/types";
import { axisProps, CHART_HEIGHT, dayLabel, formatValue, GRID_STROKE, tooltipProps, valueAxis } from "./chart-theme";
import { seriesColors } from "@/lib/reports/palette";
import { ChartLegend } from "./chart-legend";
import { useLocale } from "@/components/ui/locale";
import { formatDay } from "@/lib/format/dates";
import { formatPercent } from "@/lib/format/numbers";

/** A y-axis hugging the data (accuracy lives in a narrow band near the top), at round ticks. */
function accuracyAxis(trend: DashboardData["accuracyTrend"], models: string[]) {
  const values = trend.flatMap((row) => models.map((m) => row[m]).filter((v): v is number => typeof v === "number"));
  return valueAxis(values, { hug: true, count: 4 });
}

export function AccuracyChart(props: { trend: DashboardData["accuracyTrend"]; models: string[] }) {
  const locale = useLocale();
  const axis = accuracyAxis(props.trend, props.models);
  const tickDigits = axis.step >= 0.01 ? 0 : 1;
  const hasData = props.models.length > 0 && props.trend.length > 0;
  // Keyed by model name: a model has the same colour here as in the report builder and PDFs.
  const colors = seriesColors(props.models);

  return (
    <Card className="chart-card" data-testid="chart-model-accuracy">
      <CardHeader title="Model accuracy" description="Daily mean accuracy per model" />
      {hasData ? (
        <>
          <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
            <LineChart data={props.trend} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid stroke={GRID_STROKE} vertical={false} />
              <XAxis
                dataKey="date"
                tickFormatter={(d: string) => formatDay(d, locale)}
                minTickGap={24}
                {...axisProps}
              />
              <YAxis
                domain={axis.domain}
                ticks={axis.ticks}
                tickFormatter={(value: number) => formatPercent(value, locale, tickDigits)}
                width={48}
                {...axisProps}
              />
              <Tooltip
                {...tooltipProps}
                formatter={formatValue((v) => formatPercent(v, locale))}
                labelFormatter={dayLabel(locale)}
              />
              {props.models.map((model) => (
                <Line
                  key={model}
                  type="monotone"
                  dataKey={model}
                  name={model}
                  stroke={colors.get(model)}
                  strokeWidth={2}
                  dot={false}
                  connectNulls
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
          <ChartLegend items={props.models.map((model) => ({ label: model, color: colors.get(model)! }))} />
        </>
      ) : (
        <p className="chart-empty" style={{ height: CHART_HEIGHT }}>
          No model metrics in this range.
        </p>
      )}
    </Card>
  );
}
