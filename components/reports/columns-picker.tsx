"use client";

import { Badge } from "@/components/ui/badge";
import type { CatalogDataset } from "@/lib/reports/catalog";
import { fieldOf } from "./draft";
import { FieldMessages } from "./field-messages";
import { issuesAt, type Issue } from "./issues";
import { usePendingFocus } from "./use-pending-focus";

/** Row-level reports: which fields to show (checkboxes) and in which order (move buttons). */
export function ColumnsPicker(props: {
  dataset: CatalogDataset;
  columns: string[];
  issues: Issue[];
  onChange: (columns: string[]) => void;
}) {
  const { dataset, columns, onChange } = props;
  const { containerRef, focusAfterRender } = usePendingFocus<HTMLFieldSetElement>();
  const unselected = dataset.fields.filter((f) => !columns.includes(f.key));
  const all = issuesAt(props.issues, "definition.columns");
  const perColumn = (i: number) => issuesAt(all, `definition.columns.${i}`);
  const general = all.filter((issue) => !/^definition\.columns\.\d+/.test(issue.path));

  function move(index: number, delta: -1 | 1) {
    const target = index + delta;
    if (target < 0 || target >= columns.length) return;
    const next = [...columns];
    [next[index], next[target]] = [next[target], next[index]];
    // React may re-insert the focused row's node while reordering, which drops focus.
    const dir = delta < 0 ? "up" : "down";
    focusAfterRender(`[data-move="${dir}"][data-column="${columns[index]}"]`);
    onChange(next);
  }

  function toggle(key: string, on: boolean) {
    focusAfterRender(`[data-check="${key}"]`);
    onChange(on ? [...columns, key] : columns.filter((c) => c !== key));
  }

  return (
    <fieldset className="builder-fieldset" ref={containerRef}>
      <legend className="builder-legend">Columns</legend>
      <p className="builder-help">Checked columns appear in this order.</p>
      <ul className="check-list">
        {columns.map((key, i) => {
          const field = fieldOf(dataset, key);
          const label = field?.label ?? key;
          const first = i === 0;
          const last = i === columns.length - 1;
          const messages = perColumn(i);
          return (
            <li key={key} className="check-item check-item-ordered">
              <label className="check-label">
                <input type="checkbox" checked data-check={key} onChange={() => toggle(key, false)} />
                {label}
              </label>
              {field?.sensitive ? <SensitiveBadge /> : null}
              <span className="move-buttons">
                <button
                  type="button"
                  className="icon-btn"
                  aria-label={`Move ${label} up`}
                  aria-disabled={first}
                  data-move="up"
                  data-column={key}
                  onClick={() => move(i, -1)}
                >
                  <span aria-hidden="true">↑</span>
                </button>
                <button
                  type="button"
                  className="icon-btn"
                  aria-label={`Move ${label} down`}
                  aria-disabled={last}
                  data-move="down"
                  data-column={key}
                  onClick={() => move(i, 1)}
                >
                  <span aria-hidden="true">↓</span>
                </button>
              </span>
              <FieldMessages issues={messages} />
            </li>
          );
        })}
        {unselected.map((field) => (
          <li key={field.key} className="check-item">
            <label className="check-label">
              <input type="checkbox" checked={false} data-check={field.key} onChange={() => toggle(field.key, true)} />
              {field.label}
            </label>
            {field.sensitive ? <SensitiveBadge /> : null}
          </li>
        ))}
      </ul>
      <FieldMessages issues={general} />
    </fieldset>
  );
}

export function SensitiveBadge() {
  return (
    <Badge tone="warning" className="sensitive-badge" title="Personal data: handle with care">
      Personal
    </Badge>
  );
}
