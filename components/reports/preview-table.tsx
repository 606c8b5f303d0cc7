"use client";

import type { OutputColumn, PreviewResult } from "@/lib/reports/types";
import type { SortDraft } from "./draft";
import { useLocale } from "@/components/ui/locale";
import { formatCell } from "@/lib/format/cells";

function isNumberColumn(column: OutputColumn): boolean {
  return column.type === "integer" || column.type === "number";
}

function ariaSort(dir: SortDraft["dir"] | undefined): "ascending" | "descending" | "none" {
  return dir === "asc" ? "ascending" : dir === "desc" ? "descending" : "none";
}

/** The preview rows; header buttons cycle each column's sort: ascending, descending, off. */
export function PreviewTable(props: {
  result: PreviewResult;
  sort: SortDraft[];
  sortable: Set<string>;
  timeZone: string;
  onSort: (key: string) => void;
}) {
  const { columns, rows } = props.result;
  const locale = useLocale();
  // Buckets cut by the range or not over yet: their figures cover less than a whole period.
  const partial = new Set(props.result.notices.find((n) => n.code === "partial_buckets")?.buckets ?? []);
  return (
    <div className="table-scroll" tabIndex={0} role="group" aria-label="Preview rows">
      <table className="data-table">
        <thead>
          <tr>
            {columns.map((column) => {
              const dir = props.sort.find((s) => s.key === column.key)?.dir;
              const numeric = isNumberColumn(column);
              return (
                <th
                  key={column.key}
                  scope="col"
                  className={numeric ? "num" : undefined}
                  aria-sort={props.sortable.has(column.key) ? ariaSort(dir) : undefined}
                >
                  {props.sortable.has(column.key) ? (
                    <button type="button" className="th-sort" onClick={() => props.onSort(column.key)}>
                      <span>{column.label}</span>
                      <span className="sort-icon" data-dir={dir ?? "none"} aria-hidden="true" />
                    </button>
                  ) : (
                    column.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {columns.map((column) => (
                <td key={column.key} className={isNumberColumn(column) ? "num" : undefined}>
                  {formatCell(row[column.key], column, props.timeZone, locale)}
                  {column.kind === "bucket" && partial.has(String(row[column.key])) ? (
                    <span className="partial-mark" title="Cut by the range or not over yet">
                      {" "}
                      (partial)
                    </span>
                  ) : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
