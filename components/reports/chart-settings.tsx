"use client";

import { Select } from "@/components/ui/select";
import { CHART_TYPES, type ChartType } from "@/lib/reports/definition";
import { CHART_LABELS, type Draft, type PlannedColumn } from "./draft";
import { describedBy, FieldMessages } from "./field-messages";
import { issuesAt, type Issue } from "./issues";

const CHART_ORDER: ChartType[] = ["none", ...CHART_TYPES.filter((t) => t !== "none")];

export function ChartSettings(props: {
  id: string;
  chart: Draft["chart"];
  columns: PlannedColumn[];
  issues: Issue[];
  onChange: (chart: Partial<Draft["chart"]>) => void;
}) {
  const issues = issuesAt(props.issues, "definition.chart");
  const messagesId = `${props.id}-messages`;
  const aria = describedBy(messagesId, issues);
  const numeric = props.columns.filter((c) => c.numeric);
  return (
    <div className="builder-stack">
      <div className="field">
        <label className="label" htmlFor={`${props.id}-type`}>
          Chart type
        </label>
        <Select
          id={`${props.id}-type`}
          value={props.chart.type}
          onChange={(e) => {
            const type = CHART_TYPES.find((t) => t === e.target.value);
            if (type) props.onChange({ type });
          }}
          {...aria}
        >
          {CHART_ORDER.map((type) => (
            <option key={type} value={type}>
              {CHART_LABELS[type]}
            </option>
          ))}
        </Select>
      </div>
      {props.chart.type !== "none" ? (
        <div className="range-pair">
          <div className="field">
            <label className="label label-small" htmlFor={`${props.id}-x`}>
              X axis
            </label>
            <Select
              id={`${props.id}-x`}
              value={props.chart.x}
              onChange={(e) => props.onChange({ x: e.target.value })}
              {...aria}
            >
              {props.chart.x ? null : <option value="">None available</option>}
              {props.columns.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.label}
                </option>
              ))}
            </Select>
          </div>
          <div className="field">
            <label className="label label-small" htmlFor={`${props.id}-y`}>
              Y axis
            </label>
            <Select
              id={`${props.id}-y`}
              value={props.chart.y}
              onChange={(e) => props.onChange({ y: e.target.value })}
              {...aria}
            >
              {props.chart.y ? null : <option value="">None available</option>}
              {numeric.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.label}
                </option>
              ))}
            </Select>
          </div>
        </div>
      ) : null}
      <FieldMessages id={messagesId} issues={issues} />
    </div>
  );
}
