"use client";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { CatalogDataset, CatalogField } from "@/lib/reports/catalog";
import { FILTER_OPS } from "@/lib/reports/definition";
import {
  defaultOp,
  fieldOf,
  isNumeric,
  newFilter,
  opLabel,
  opsFor,
  opTakesIgnoreCase,
  opTakesList,
  opTakesValue,
  type FilterDraft,
} from "./draft";

const PRESENCE_OPS = ["is_empty", "is_not_empty"] as const;
import { describedBy, FieldMessages } from "./field-messages";
import { issuesAt, type Issue } from "./issues";
import { usePendingFocus } from "./use-pending-focus";
import { ValueSuggestions } from "./value-suggestions";

function inputType(field: CatalogField | undefined): "number" | "datetime-local" | "text" {
  if (field && isNumeric(field)) return "number";
  return field?.type === "datetime" ? "datetime-local" : "text";
}

export function FiltersEditor(props: {
  id: string;
  workspaceId: string;
  dataset: CatalogDataset;
  filters: FilterDraft[];
  issues: Issue[];
  timeZone: string;
  /** Admins and owners may filter personal fields by value; others only by whether they are empty. */
  canFilterPersonal: boolean;
  onChange: (filters: FilterDraft[]) => void;
}) {
  const { dataset, filters, onChange } = props;
  const allowedOps = (field: CatalogField | undefined) =>
    field?.sensitive && !props.canFilterPersonal ? PRESENCE_OPS : opsFor(field);
  const { containerRef, focusAfterRender } = usePendingFocus<HTMLFieldSetElement>();
  const all = issuesAt(props.issues, "definition.filters");
  const general = all.filter((issue) => !/^definition\.filters\.\d+/.test(issue.path));

  function update(index: number, patch: Partial<FilterDraft>) {
    onChange(filters.map((f, i) => (i === index ? { ...f, ...patch } : f)));
  }

  function changeField(index: number, key: string) {
    const current = filters[index];
    const before = fieldOf(dataset, current.field);
    const after = fieldOf(dataset, key);
    const ops = allowedOps(after);
    const op = ops.includes(current.op) ? current.op : ops.includes(defaultOp(after)) ? defaultOp(after) : ops[0];
    const sameKind = before !== undefined && after !== undefined && inputType(before) === inputType(after);
    update(index, { field: key, op, ...(sameKind ? {} : { value: "", to: "" }) });
  }

  function add() {
    focusAfterRender(`[data-filter-field="${filters.length}"]`);
    onChange([...filters, newFilter(dataset)]);
  }

  function remove(index: number) {
    const next = filters.filter((_, i) => i !== index);
    focusAfterRender(
      next.length === 0 ? "[data-add-filter]" : `[data-filter-remove="${Math.min(index, next.length - 1)}"]`,
    );
    onChange(next);
  }

  return (
    <fieldset className="builder-fieldset" ref={containerRef}>
      <legend className="builder-legend">Filters</legend>
      {filters.length > 0 ? (
        <ol className="row-list">
          {filters.map((f, i) => {
            const n = i + 1;
            const field = fieldOf(dataset, f.field);
            const ops = allowedOps(field);
            const personalOnly = field?.sensitive === true && !props.canFilterPersonal;
            // Keep an operator a saved report uses even when it does not fit; the server explains why.
            const shownOps = ops.includes(f.op) ? ops : FILTER_OPS.filter((op) => op === f.op || ops.includes(op));
            const issues = issuesAt(all, `definition.filters.${i}`);
            const messagesId = `${props.id}-filter-${i}-messages`;
            const aria = describedBy(messagesId, issues);
            const type = inputType(field);
            const valueProps = {
              type: opTakesList(f.op) ? "text" : type,
              step: type === "number" ? "any" : undefined,
              inputMode: type === "number" ? ("decimal" as const) : undefined,
              ...aria,
            };
            return (
              <li key={f.id} className="edit-row">
                <div className="edit-row-controls edit-row-wrap">
                  <Select
                    aria-label={`Filter ${n} field`}
                    data-filter-field={i}
                    value={f.field}
                    onChange={(e) => changeField(i, e.target.value)}
                    {...aria}
                  >
                    {field ? null : (
                      <option value={f.field} disabled>
                        {f.field ? `Unknown field (${f.field})` : "Choose a field…"}
                      </option>
                    )}
                    {dataset.fields.map((option) => (
                      <option key={option.key} value={option.key}>
                        {option.label}
                      </option>
                    ))}
                  </Select>
                  <Select
                    aria-label={`Filter ${n} operator`}
                    className="select-op"
                    value={f.op}
                    onChange={(e) => {
                      const op = FILTER_OPS.find((o) => o === e.target.value);
                      if (op) update(i, { op });
                    }}
                    {...aria}
                  >
                    {shownOps.map((op) => (
                      <option key={op} value={op}>
                        {opLabel(op, field)}
                      </option>
                    ))}
                  </Select>
                  {!opTakesValue(f.op) ? null : f.op === "between" ? (
                    <span className="between-inputs">
                      <span className="between-label" aria-hidden="true">
                        from
                      </span>
                      <Input
                        aria-label={`Filter ${n} from`}
                        value={f.value}
                        onChange={(e) => update(i, { value: e.target.value })}
                        {...valueProps}
                      />
                      <span className="between-label" aria-hidden="true">
                        to
                      </span>
                      <Input
                        aria-label={`Filter ${n} to`}
                        value={f.to}
                        onChange={(e) => update(i, { to: e.target.value })}
                        {...valueProps}
                      />
                    </span>
                  ) : (
                    <Input
                      aria-label={`Filter ${n} value`}
                      value={f.value}
                      placeholder={opTakesList(f.op) ? "a, b, c" : undefined}
                      onChange={(e) => update(i, { value: e.target.value })}
                      {...valueProps}
                    />
                  )}
                  {field?.type === "string" && field.role === "dimension" && !personalOnly && opTakesValue(f.op) ? (
                    <ValueSuggestions
                      workspaceId={props.workspaceId}
                      dataset={dataset.key}
                      field={field}
                      filterNumber={n}
                      list={opTakesList(f.op)}
                      value={f.value}
                      onChange={(value) => update(i, { value })}
                    />
                  ) : null}
                  <button
                    type="button"
                    className="icon-btn icon-btn-remove"
                    aria-label={`Remove filter ${n}`}
                    data-filter-remove={i}
                    onClick={() => remove(i)}
                  >
                    <span aria-hidden="true">×</span>
                  </button>
                </div>
                {opTakesIgnoreCase(f.op, field) && !personalOnly ? (
                  <label className="check-label filter-ignore-case">
                    <input
                      type="checkbox"
                      checked={f.ignoreCase === true}
                      onChange={(e) => update(i, { ignoreCase: e.target.checked })}
                    />
                    Ignore case (A–Z)<span className="sr-only"> in filter {n}</span>
                  </label>
                ) : null}
                {field?.type === "datetime" && opTakesValue(f.op) ? (
                  <p className="builder-help">Times in {props.timeZone}</p>
                ) : null}
                {personalOnly ? (
                  <p className="builder-help">
                    {field.label} identifies people: only admins and owners can filter it by value.
                  </p>
                ) : null}
                <FieldMessages id={messagesId} issues={issues} />
              </li>
            );
          })}
        </ol>
      ) : (
        <p className="builder-help">No filters: every row in the time range is included.</p>
      )}
      <FieldMessages issues={general} />
      <Button size="sm" onClick={add} data-add-filter="" disabled={filters.length >= 50}>
        Add filter
      </Button>
    </fieldset>
  );
}
