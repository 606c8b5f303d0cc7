"use client";

import type { ExportChoice } from "@/lib/exports/choice";
import { isIsoDate } from "@/lib/time/zone";
import { PRESET_LABELS, type RangeChoice } from "@/components/reports/draft";
import { TimeRangePicker } from "@/components/reports/time-range-picker";

// The period and fields of one export, chosen in the export dialog without editing the
// report. Fields keep the report's order in the file, whatever order they are ticked in.

export interface ChoiceColumn {
  key: string;
  label: string;
}

/** What the saved report has: the dialog starts from it. */
export interface ExportChoiceDefaults {
  columns: ChoiceColumn[];
  range: RangeChoice;
  /** The saved custom dates (or the builder's defaults for a preset). */
  from: string;
  to: string;
  timeZone: string;
}

export interface ChoiceState {
  range: RangeChoice;
  from: string;
  to: string;
  /** Ticked column keys. */
  columns: string[];
}

export function initialChoice(defaults: ExportChoiceDefaults): ChoiceState {
  return { range: defaults.range, from: defaults.from, to: defaults.to, columns: defaults.columns.map((c) => c.key) };
}

function samePeriod(defaults: ExportChoiceDefaults, state: ChoiceState): boolean {
  if (state.range !== defaults.range) return false;
  return state.range !== "custom" || (state.from === defaults.from && state.to === defaults.to);
}

/** What the request sends: only what differs from the saved report. */
export function choiceRequest(defaults: ExportChoiceDefaults, state: ChoiceState): ExportChoice {
  const period: ExportChoice = samePeriod(defaults, state)
    ? {}
    : state.range === "custom"
      ? { from: state.from, to: state.to }
      : { preset: state.range };
  const all = state.columns.length === defaults.columns.length;
  const columns = defaults.columns.filter((c) => state.columns.includes(c.key)).map((c) => c.key);
  return { ...period, ...(all ? {} : { columns }) };
}

/** Why the choice cannot be exported yet, or null. */
export function choiceProblem(state: ChoiceState): string | null {
  if (state.columns.length === 0) return "Choose at least one field.";
  if (state.range === "custom") {
    if (!isIsoDate(state.from) || !isIsoDate(state.to)) return "Enter both dates of the period.";
    if (state.from > state.to) return "The period must start on or before its end.";
  }
  return null;
}

/** A stored export's choice in a few words, for the history: "Previous week · 3 fields". */
export function describeChoice(choice: ExportChoice & { fieldLabels?: string[] }): string {
  const period = choice.preset ? PRESET_LABELS[choice.preset] : choice.from ? `${choice.from} – ${choice.to}` : null;
  const fields = choice.columns
    ? `${choice.columns.length} ${choice.columns.length === 1 ? "field" : "fields"}: ${(choice.fieldLabels ?? choice.columns).join(", ")}`
    : null;
  return [period, fields].filter(Boolean).join(" · ");
}

/** The chosen period and fields as query parameters of a direct download. */
export function choiceParams(params: URLSearchParams, choice: ExportChoice): void {
  if (choice.preset) params.set("preset", choice.preset);
  if (choice.from && choice.to) {
    params.set("from", choice.from);
    params.set("to", choice.to);
  }
  if (choice.columns) params.set("columns", choice.columns.join(","));
}

export function ExportChoiceFields(props: {
  id: string;
  defaults: ExportChoiceDefaults;
  value: ChoiceState;
  onChange: (value: ChoiceState) => void;
  problem: string | null;
}) {
  const { id, defaults, value } = props;
  const chosen = defaults.columns.filter((c) => value.columns.includes(c.key));
  const period =
    value.range === "custom"
      ? `${value.from || "…"} – ${value.to || "…"}`
      : `${PRESET_LABELS[value.range]}${samePeriod(defaults, value) ? " (the report's own period)" : ""}`;
  const toggle = (key: string, on: boolean) =>
    props.onChange({ ...value, columns: on ? [...value.columns, key] : value.columns.filter((k) => k !== key) });
  const allOn = chosen.length === defaults.columns.length;
  return (
    <>
      <TimeRangePicker
        id={`${id}-period`}
        range={value.range}
        from={value.from}
        to={value.to}
        timeZone={defaults.timeZone}
        issues={[]}
        onChange={(patch) =>
          props.onChange({
            ...value,
            range: patch.range ?? value.range,
            from: patch.rangeFrom ?? value.from,
            to: patch.rangeTo ?? value.to,
          })
        }
      />
      <fieldset className="builder-fieldset" aria-describedby={`${id}-fields-summary`}>
        <legend className="builder-legend">Fields</legend>
        <ul className="check-list check-list-inline export-fields">
          {defaults.columns.map((c) => (
            <li key={c.key} className="check-item">
              <label className="check-label">
                <input
                  type="checkbox"
                  name={`${id}-field`}
                  value={c.key}
                  checked={value.columns.includes(c.key)}
                  onChange={(event) => toggle(c.key, event.target.checked)}
                />
                {c.label}
              </label>
            </li>
          ))}
        </ul>
        <div>
          <button
            type="button"
            className="link-button"
            onClick={() => props.onChange({ ...value, columns: allOn ? [] : defaults.columns.map((c) => c.key) })}
          >
            {allOn ? "Clear all fields" : "Select all fields"}
          </button>
        </div>
      </fieldset>
      <p id={`${id}-fields-summary`} className="export-choice-summary" aria-live="polite">
        {chosen.length === 0
          ? "No field chosen."
          : `Exports ${chosen.length} of ${defaults.columns.length} fields (${chosen.map((c) => c.label).join(", ")}) for ${period}.`}
      </p>
      {props.problem ? (
        <p className="form-error" role="alert">
          {props.problem}
        </p>
      ) : null}
    </>
  );
}
