"use client";

import { useId, useState } from "react";
import { Input } from "@/components/ui/input";
import { cx } from "@/components/ui/cx";
import { checkRange, lastNDays, type DayRange } from "./date-range";

const PRESETS = [7, 30, 90] as const;

/**
 * Presets plus free From/To inputs. `onChange` only ever receives a valid range;
 * half-typed or inverted input stays local and shows a message instead.
 */
export function DateRangePicker(props: { anchor: string; value: DayRange; onChange: (range: DayRange) => void }) {
  const id = useId();
  const [draft, setDraft] = useState<DayRange>(props.value);
  const check = checkRange(draft.from, draft.to);
  const draftIsApplied = check.ok && draft.from === props.value.from && draft.to === props.value.to;

  function update(next: DayRange) {
    setDraft(next);
    const result = checkRange(next.from, next.to);
    if (result.ok && (result.range.from !== props.value.from || result.range.to !== props.value.to)) {
      props.onChange(result.range);
    }
  }

  return (
    <div className="range-picker">
      <div className="range-controls">
        <div className="segmented" role="group" aria-label="Date range presets">
          {PRESETS.map((days) => {
            const preset = lastNDays(props.anchor, days);
            const active = draftIsApplied && preset.from === props.value.from && preset.to === props.value.to;
            return (
              <button
                key={days}
                type="button"
                className={cx("segmented-item", active && "segmented-item-active")}
                aria-pressed={active}
                onClick={() => update(preset)}
              >
                Last {days} days
              </button>
            );
          })}
        </div>
        <div className="range-inputs">
          <label className="range-label" htmlFor={`${id}-from`}>
            From
          </label>
          <Input
            id={`${id}-from`}
            type="date"
            value={draft.from}
            aria-invalid={!check.ok}
            aria-describedby={check.ok ? undefined : `${id}-message`}
            onChange={(e) => update({ ...draft, from: e.target.value })}
          />
          <label className="range-label" htmlFor={`${id}-to`}>
            To
          </label>
          <Input
            id={`${id}-to`}
            type="date"
            value={draft.to}
            aria-invalid={!check.ok}
            aria-describedby={check.ok ? undefined : `${id}-message`}
            onChange={(e) => update({ ...draft, to: e.target.value })}
          />
        </div>
      </div>
      <p id={`${id}-message`} className="range-message" aria-live="polite">
        {check.ok ? null : check.message}
      </p>
    </div>
  );
}
