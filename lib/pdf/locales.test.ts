import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatCell, type Formattable } from "../format/cells";
import { SUPPORTED_LOCALES } from "../format/locales";
import type { ExportRow } from "../reports/file-meta";
import type { OutputColumn } from "../reports/types";
import { renderReportPdfBuffer } from "../../testing/pdf-buffer";
import { eventsReport, withMeta } from "../../testing/sample-report";
import { PDF_REPLACEMENT, pdfText } from "./text-metrics";

const dir = mkdtempSync(join(tmpdir(), "chartroom-pdf-locales-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const column = (key: string, label: string, type: OutputColumn["type"], format: string, unit?: "ms" | "USD") =>
  ({ key, label, type, format, sensitive: false, kind: "measure", ...(unit ? { unit } : {}) }) as OutputColumn;

const COLUMNS: OutputColumn[] = [
  { ...column("day", "Day", "date", "date"), kind: "bucket" },
  column("at", "Last seen", "datetime", "datetime"),
  column("revenue", "Revenue", "number", "currency", "USD"),
  column("share", "Share", "number", "percent"),
  column("latency", "Latency", "number", "duration", "ms"),
  column("events", "Events", "integer", "integer"),
];

// Numbers with thousands separators, decimals and signs; months whose names carry accents or dots.
const ROWS: ExportRow[] = [
  {
    day: "2025-02-03",
    at: new Date("2025-02-03T21:45:00Z"),
    revenue: 1234.56,
    share: 0.125,
    latency: 5_400_000,
    events: 1234567,
  },
  {
    day: "2025-08-17",
    at: new Date("2025-08-17T06:05:00Z"),
    revenue: -9876.5,
    share: -0.031,
    latency: 1234,
    events: -42,
  },
  { day: "2025-12-01", at: new Date("2025-12-01T12:00:00Z"), revenue: 0.5, share: 1, latency: 172_800_000, events: 0 },
];

// pdftotext keeps some spaces and drops others (narrow columns): compare without them.
const normal = (text: string) => text.replace(/\s+/g, "");

async function pdfTextOf(locale: string): Promise<string> {
  const { meta } = eventsReport(1, 1);
  const report = withMeta(meta, {
    reportName: `Locale ${locale}`,
    workspace: { ...meta.workspace, locale, timezone: "Europe/Berlin" },
    range: { from: "2025-02-01", to: "2025-12-31", timezone: "Europe/Berlin" },
    columns: COLUMNS,
    chart: { type: "none" },
    totalRows: ROWS.length,
  });
  const file = join(dir, `${locale}.pdf`);
  writeFileSync(file, await renderReportPdfBuffer(report, ROWS, { template: "detailed" }));
  return normal(execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }));
}

describe("PDFs in every supported locale", () => {
  it.each(SUPPORTED_LOCALES.map((l) => l.code))(
    "%s: every number and date survives the PDF's fonts",
    async (locale) => {
      const text = await pdfTextOf(locale);
      for (const row of ROWS) {
        for (const c of COLUMNS) {
          const formatted = formatCell(row[c.key], c as Formattable, "Europe/Berlin", locale);
          // The module's own characters outside WinAnsi (narrow no-break space, minus) map to drawable ones, never "?".
          expect(pdfText(formatted), `${c.key} in ${locale}`).not.toContain(PDF_REPLACEMENT);
          expect(text, `${c.key} in ${locale}`).toContain(normal(pdfText(formatted)));
        }
      }
      expect(text).not.toContain(PDF_REPLACEMENT);
    },
  );

  it("writes German numbers and dates in a de-DE workspace", async () => {
    const text = await pdfTextOf("de-DE");
    expect(text).toContain(normal("1.234,56 $"));
    expect(text).toContain("1.234.567");
    expect(text).toContain(normal("12,5 %"));
    expect(text).toContain(normal("1,5 h"));
    expect(text).toContain("03.02.2025");
    expect(text).toContain(normal("01.02.2025 \u2013 31.12.2025"));
    const english = await pdfTextOf("en-US");
    expect(english).toContain("$1,234.56");
    expect(english).not.toContain("1.234,56");
  });
});
