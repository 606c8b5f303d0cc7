"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card, CardHeader } from "@/components/ui/card";
import type { DashboardData } from "@/lib/dashboard/types";
import { axisProps, CHART_HEIGHT, dayLabel, formatValue, GRID_STROKE, tooltipProps } from "./chart-theme";
import { seriesColors } from "@/lib/reports/palette";
import { ChartLegend } from "./chart-legend";
import { formatDay, formatPercent } from "./format";

/** A y-domain hugging the data (accuracy lives in a narrow band near the top), padded and snapped to whole percent. */
function accuracyDomain(trend: DashboardData["accuracyTrend"], models: string[]): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const row of trend) {
    for (const model of models) {
      const value = row[model];
      if (typeof value !== "number") continue;
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
  }
  if (!Number.isFinite(min)) return [0, 1];
  const pad = Math.max(0.005, (max - min) * 0.15);
  return [Math.max(0, Math.floor((min - pad) * 100) / 100), Math.min(1, Math.ceil((max + pad) * 100) / 100)];
}

export function AccuracyChart(props: { trend: DashboardData["accuracyTrend"]; models: string[] }) {
  const domain = accuracyDomain(props.trend, props.models);
  const tickDigits = domain[1] - domain[0] >= 0.05 ? 0 : 1;
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
              <XAxis dataKey="date" tickFormatter={formatDay} minTickGap={24} {...axisProps} />
              <YAxis
                domain={domain}
                tickFormatter={(value: number) => formatPercent(value, tickDigits)}
                width={48}
                {...axisProps}
              />
              <Tooltip {...tooltipProps} formatter={formatValue((v) => formatPercent(v))} labelFormatter={dayLabel} />
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
