"use client";

import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import type { CatalogDataset } from "@/lib/reports/catalog";
import { MEASURE_FNS, type MeasureFn } from "@/lib/reports/definition";
import { FN_LABELS, measureFields, newMeasure, type MeasureDraft } from "./draft";
import { describedBy, FieldMessages } from "./field-messages";
import { issuesAt, type Issue } from "./issues";
import { usePendingFocus } from "./use-pending-focus";

export function MeasuresEditor(props: {
  id: string;
  dataset: CatalogDataset;
  measures: MeasureDraft[];
  issues: Issue[];
  onChange: (measures: MeasureDraft[]) => void;
}) {
  const { dataset, measures, onChange } = props;
  const { containerRef, focusAfterRender } = usePendingFocus<HTMLFieldSetElement>();
  const all = issuesAt(props.issues, "definition.measures");
  const general = all.filter((issue) => !/^definition\.measures\.\d+/.test(issue.path));

  function update(index: number, patch: Partial<MeasureDraft>) {
    onChange(measures.map((m, i) => (i === index ? { ...m, ...patch } : m)));
  }

  function changeFn(index: number, fn: MeasureFn) {
    const current = measures[index];
    const fits = measureFields(dataset, fn).some((f) => f.key === current.field);
    update(index, { fn, field: fits ? current.field : "", label: undefined });
  }

  function add() {
    focusAfterRender(`[data-measure-fn="${measures.length}"]`);
    onChange([...measures, newMeasure(measures)]);
  }

  function remove(index: number) {
    const next = measures.filter((_, i) => i !== index);
    focusAfterRender(
      next.length === 0 ? "[data-add-measure]" : `[data-measure-remove="${Math.min(index, next.length - 1)}"]`,
    );
    onChange(next);
  }

  return (
    <fieldset className="builder-fieldset" ref={containerRef}>
      <legend className="builder-legend">Measures</legend>
      {measures.length > 0 ? (
        <ol className="row-list">
          {measures.map((m, i) => {
            const n = i + 1;
            const issues = issuesAt(all, `definition.measures.${i}`);
            const messagesId = `${props.id}-measure-${i}-messages`;
            const fields = measureFields(dataset, m.fn);
            return (
              <li key={m.id} className="edit-row">
                <div className="edit-row-controls">
                  <Select
                    aria-label={`Measure ${n} function`}
                    data-measure-fn={i}
                    className="select-fn"
                    value={m.fn}
                    onChange={(e) => {
                      const fn = MEASURE_FNS.find((f) => f === e.target.value);
                      if (fn) changeFn(i, fn);
                    }}
                    {...describedBy(messagesId, issues)}
                  >
                    {MEASURE_FNS.map((fn) => (
                      <option key={fn} value={fn}>
                        {FN_LABELS[fn]}
                      </option>
                    ))}
                  </Select>
                  {m.fn === "count" ? (
                    <span className="edit-row-text">of all rows</span>
                  ) : (
                    <Select
                      aria-label={`Measure ${n} field`}
                      value={m.field}
                      onChange={(e) => update(i, { field: e.target.value, label: undefined })}
                      {...describedBy(messagesId, issues)}
                    >
                      <option value="" disabled>
                        Choose a field…
                      </option>
                      {fields.map((f) => (
                        <option key={f.key} value={f.key}>
                          {f.label}
                        </option>
                      ))}
                    </Select>
                  )}
                  <button
                    type="button"
                    className="icon-btn icon-btn-remove"
                    aria-label={`Remove measure ${n}`}
                    data-measure-remove={i}
                    onClick={() => remove(i)}
                  >
                    <span aria-hidden="true">×</span>
                  </button>
                </div>
                <FieldMessages id={messagesId} issues={issues} />
              </li>
            );
          })}
        </ol>
      ) : (
        <p className="builder-help">Add a measure to count or total rows per group.</p>
      )}
      <FieldMessages issues={general} />
      <Button size="sm" onClick={add} data-add-measure="" disabled={measures.length >= 20}>
        Add measure
      </Button>
    </fieldset>
  );
}
