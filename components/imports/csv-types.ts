import type { ImportField, ImportFieldType } from "@/lib/imports/schemas";

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** The type a column's sample values all share, text when they disagree or are all empty. */
export function detectType(values: string[]): ImportFieldType {
  const cells = values.map((v) => v.trim()).filter(Boolean);
  if (cells.length === 0) return "text";
  if (cells.every((v) => INTEGER.test(v))) return "integer";
  if (cells.every((v) => NUMBER.test(v))) return "number";
  if (cells.every((v) => DATE_LIKE.test(v) && !Number.isNaN(Date.parse(v)))) return "datetime";
  return "text";
}

const normalize = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Field key → CSV column, for every field whose key or label matches a column name. */
export function autoMap(fields: ImportField[], columns: string[]): Record<string, string> {
  const byName = new Map(columns.map((c) => [normalize(c), c]));
  const mapping: Record<string, string> = {};
  for (const field of fields) {
    const column = byName.get(normalize(field.key)) ?? byName.get(normalize(field.label));
    if (column) mapping[field.key] = column;
  }
  return mapping;
}

export const TYPE_LABELS: Record<ImportFieldType, string> = {
  text: "Text",
  number: "Number",
  integer: "Whole number",
  datetime: "Date and time",
};
