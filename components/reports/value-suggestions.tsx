"use client";

import { useId, useRef, useState } from "react";
import { useFieldValues } from "@/components/hooks/field-value-queries";
import { buttonClassName } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useDebouncedValue } from "./use-debounced-value";

function splitList(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * A searchable list of the values a text field holds in this workspace, next to a filter's
 * value: picking one fills it in (or, for "is one of", adds it to the list).
 */
export function ValueSuggestions(props: {
  workspaceId: string;
  dataset: string;
  field: { key: string; label: string };
  filterNumber: number;
  /** "is one of" / "is none of": values accumulate, separated by commas. */
  list: boolean;
  value: string;
  onChange: (value: string) => void;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const q = useDebouncedValue(search.trim(), 200);
  const query = useFieldValues(props.workspaceId, props.dataset, props.field.key, q, open);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const chosen = new Set(props.list ? splitList(props.value) : [props.value.trim()]);

  function close() {
    setOpen(false);
    // Opened again, the list starts from the most frequent values.
    setSearch("");
    toggleRef.current?.focus();
  }

  function pick(value: string) {
    if (!props.list) {
      props.onChange(value);
      close();
      return;
    }
    const current = splitList(props.value);
    const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
    props.onChange(next.join(", "));
  }

  const label = `Values of ${props.field.label}`;
  return (
    <div className="value-suggestions">
      <button
        ref={toggleRef}
        type="button"
        className={buttonClassName("secondary", "sm")}
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => (open ? close() : setOpen(true))}
      >
        Values…<span className="sr-only"> for filter {props.filterNumber}</span>
      </button>
      {open ? (
        <div
          id={`${id}-panel`}
          className="value-suggestions-panel"
          role="group"
          aria-label={label}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.stopPropagation();
              close();
            }
          }}
        >
          <Input
            type="search"
            autoFocus
            aria-label={`Search ${label.toLowerCase()}`}
            placeholder="Search values"
            value={search}
            maxLength={200}
            onChange={(e) => setSearch(e.target.value)}
          />
          {query.isError ? (
            <p className="builder-help" role="alert">
              {query.error.message}
            </p>
          ) : !query.data ? (
            <p className="builder-help" role="status">
              Loading values…
            </p>
          ) : query.data.values.length === 0 ? (
            <p className="builder-help" role="status">
              {q ? `No ${props.field.label} contains “${q}”.` : `No values of ${props.field.label} yet.`}
            </p>
          ) : (
            <>
              <ul className="value-suggestions-list" aria-label={label} aria-busy={query.isFetching}>
                {query.data.values.map((value) => (
                  <li key={value}>
                    <button
                      type="button"
                      className="value-suggestion"
                      aria-pressed={chosen.has(value)}
                      onClick={() => pick(value)}
                    >
                      {value}
                    </button>
                  </li>
                ))}
              </ul>
              <p className="builder-help">
                {query.data.more
                  ? "The most frequent values; search to find others."
                  : "Every value, the most frequent first."}
              </p>
            </>
          )}
        </div>
      ) : null}
    </div>
  );
}
