import { getField, type DatasetDef } from "./catalog";
import type { ReportFilter } from "./definition";

const OP_TEXT: Record<ReportFilter["op"], string> = {
  eq: "is",
  neq: "is not",
  in: "is one of",
  not_in: "is none of",
  contains: "contains",
  gt: "is greater than",
  gte: "is at least",
  lt: "is less than",
  lte: "is at most",
  between: "is between",
  is_empty: "is empty",
  is_not_empty: "is not empty",
};

/** A filter in words, for PDF headers, spreadsheet summaries and emails. */
export function describeFilter(dataset: DatasetDef, filter: ReportFilter): string {
  const label = getField(dataset, filter.field)?.label ?? filter.field;
  const values = Array.isArray(filter.value)
    ? filter.value.map(String)
    : filter.value === undefined
      ? []
      : [String(filter.value)];
  if (filter.op === "is_empty" || filter.op === "is_not_empty") return `${label} ${OP_TEXT[filter.op]}`;
  if (filter.op === "between") return `${label} is between ${values[0]} and ${values[1]}`;
  return `${label} ${OP_TEXT[filter.op]} ${values.join(", ")}${filter.ignoreCase ? " (ignoring case)" : ""}`;
}
