// Readers for exported files that the export code did not write: papaparse for CSV,
// JSON.parse for JSON and NDJSON, unzip + saxes for XLSX (testing/xlsx-reader.ts),
// pdftotext for PDF. Each turns bytes into what a person or program would see.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import { parseXlsxParts, sheetPartByName, sheetStrings } from "./xlsx-reader";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** CSV as rows of cells (header first), parsed by papaparse; the file must be valid UTF-8. */
export function readCsv(bytes: Uint8Array): string[][] {
  const text = utf8.decode(bytes).replace(/^\uFEFF/, "");
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, newline: "\r\n", delimiter: "," });
  if (parsed.errors.length > 0) throw new Error(`CSV: ${parsed.errors[0].message} (row ${parsed.errors[0].row})`);
  // The file ends with CRLF, which papaparse reads as one more, empty, row.
  const rows = parsed.data;
  if (rows.length > 0 && rows[rows.length - 1].length === 1 && rows[rows.length - 1][0] === "") rows.pop();
  return rows;
}

/** What a CSV cell holds for a text value: the formula guard's quote before text a spreadsheet would run. */
export function csvTextCell(value: string): string {
  const numeric = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value);
  return !numeric && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function readJsonDocument(
  bytes: Uint8Array,
): { rows: Record<string, unknown>[]; rowCount: number } & Record<string, unknown> {
  return JSON.parse(utf8.decode(bytes));
}

export function readNdjson(bytes: Uint8Array): Record<string, unknown>[] {
  return utf8
    .decode(bytes)
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line));
}

/**
 * Every XML part parsed strictly, then the string cells of the named sheets ("B2" → text,
 * OOXML escapes decoded as a spreadsheet decodes them).
 */
export function readXlsx(bytes: Uint8Array, sheets: string[] = ["Summary", "Data"]): Map<string, Map<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), "chartroom-read-xlsx-"));
  try {
    const file = join(dir, "book.xlsx");
    writeFileSync(file, bytes);
    const parts = parseXlsxParts(file);
    return new Map(sheets.map((name) => [name, sheetStrings(parts, sheetPartByName(parts, name))]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The PDF's text as pdftotext reads it (raw order, no layout); fails when the file is not a readable PDF. */
export function readPdfText(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), "chartroom-read-pdf-"));
  try {
    const file = join(dir, "report.pdf");
    writeFileSync(file, bytes);
    return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
