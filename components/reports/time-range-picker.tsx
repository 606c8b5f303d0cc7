"use client";

import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { RELATIVE_PRESETS } from "@/lib/reports/definition";
import { PRESET_LABELS, type RangeChoice } from "./draft";
import { describedBy, FieldMessages } from "./field-messages";
import { issuesAt, type Issue } from "./issues";

export function TimeRangePicker(props: {
  id: string;
  range: RangeChoice;
  from: string;
  to: string;
  timeZone: string;
  issues: Issue[];
  onChange: (patch: { range?: RangeChoice; rangeFrom?: string; rangeTo?: string }) => void;
}) {
  const issues = issuesAt(props.issues, "definition.timeRange");
  const messagesId = `${props.id}-messages`;
  const aria = describedBy(messagesId, issues);
  return (
    <div className="field">
      <label className="label" htmlFor={props.id}>
        Time range
      </label>
      <Select
        id={props.id}
        value={props.range}
        onChange={(e) => {
          const value = e.target.value;
          props.onChange({ range: RELATIVE_PRESETS.find((p) => p === value) ?? "custom" });
        }}
        {...aria}
      >
        {RELATIVE_PRESETS.map((preset) => (
          <option key={preset} value={preset}>
            {PRESET_LABELS[preset]}
          </option>
        ))}
        <option value="custom">Custom range</option>
      </Select>
      {props.range === "custom" ? (
        <div className="range-pair">
          <div className="field">
            <label className="label label-small" htmlFor={`${props.id}-from`}>
              Range start
            </label>
            <Input
              id={`${props.id}-from`}
              type="date"
              value={props.from}
              onChange={(e) => props.onChange({ rangeFrom: e.target.value })}
              {...aria}
            />
          </div>
          <div className="field">
            <label className="label label-small" htmlFor={`${props.id}-to`}>
              Range end
            </label>
            <Input
              id={`${props.id}-to`}
              type="date"
              value={props.to}
              onChange={(e) => props.onChange({ rangeTo: e.target.value })}
              {...aria}
            />
          </div>
        </div>
      ) : null}
      <p className="builder-help">Calendar days in {props.timeZone}; both ends included.</p>
      <FieldMessages id={messagesId} issues={issues} />
    </div>
  );
}
