"use client";

import { Select } from "@/components/ui/select";
import type { CatalogDataset } from "@/lib/reports/catalog";
import { TIME_BUCKETS, type TimeBucket } from "@/lib/reports/definition";
import { SensitiveBadge } from "./columns-picker";
import { BUCKET_LABELS, groupableFields } from "./draft";
import { describedBy, FieldMessages } from "./field-messages";
import { issuesAt, type Issue } from "./issues";
import { usePendingFocus } from "./use-pending-focus";

export function GroupByPicker(props: {
  dataset: CatalogDataset;
  groupBy: string[];
  issues: Issue[];
  onChange: (groupBy: string[]) => void;
}) {
  const { containerRef, focusAfterRender } = usePendingFocus<HTMLFieldSetElement>();
  const fields = groupableFields(props.dataset);
  const issues = issuesAt(props.issues, "definition.groupBy");

  function toggle(key: string, on: boolean) {
    focusAfterRender(`[data-group="${key}"]`);
    props.onChange(on ? [...props.groupBy, key] : props.groupBy.filter((k) => k !== key));
  }

  return (
    <fieldset className="builder-fieldset" ref={containerRef}>
      <legend className="builder-legend">Group by</legend>
      {fields.length === 0 ? <p className="builder-help">This dataset has no fields to group by.</p> : null}
      <ul className="check-list check-list-inline">
        {fields.map((field) => (
          <li key={field.key} className="check-item">
            <label className="check-label">
              <input
                type="checkbox"
                data-group={field.key}
                checked={props.groupBy.includes(field.key)}
                onChange={(e) => toggle(field.key, e.target.checked)}
              />
              {field.label}
            </label>
            {field.sensitive ? <SensitiveBadge /> : null}
          </li>
        ))}
      </ul>
      <FieldMessages issues={issues} />
    </fieldset>
  );
}

export function TimeBucketSelect(props: {
  id: string;
  value: TimeBucket | null;
  issues: Issue[];
  onChange: (bucket: TimeBucket | null) => void;
}) {
  const issues = issuesAt(props.issues, "definition.timeBucket");
  const messagesId = `${props.id}-messages`;
  return (
    <div className="field">
      <label className="label" htmlFor={props.id}>
        Time bucket
      </label>
      <Select
        id={props.id}
        value={props.value ?? ""}
        onChange={(e) => {
          const value = e.target.value;
          props.onChange(TIME_BUCKETS.find((b) => b === value) ?? null);
        }}
        {...describedBy(messagesId, issues)}
      >
        <option value="">None</option>
        {TIME_BUCKETS.map((bucket) => (
          <option key={bucket} value={bucket}>
            {BUCKET_LABELS[bucket]}
          </option>
        ))}
      </Select>
      <FieldMessages id={messagesId} issues={issues} />
    </div>
  );
}
