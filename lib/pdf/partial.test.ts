import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ExportMeta, ExportRow } from "../reports/file-meta";
import { partialBucketsNotice } from "../reports/time-range";
import { renderReportPdfBuffer } from "../../testing/pdf-buffer";
import { modelMetricsReport, withMeta } from "../../testing/sample-report";

async function pdfText(meta: ExportMeta, rows: ExportRow[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "chartroom-partial-"));
  try {
    writeFileSync(join(dir, "p.pdf"), await renderReportPdfBuffer(meta, rows, { template: "detailed" }));
    return execFileSync("pdftotext", ["-layout", join(dir, "p.pdf"), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("partial buckets in PDFs", () => {
  const { meta, rows } = modelMetricsReport(3, 1);
  const notice = partialBucketsNotice("day", ["2025-01-03"])!;

  it("are marked in the table and explained in the header", async () => {
    const text = await pdfText(withMeta(meta, { notices: [notice], totalRows: rows.length }), rows);
    expect(text).toContain("Jan 3, 2025 (partial)");
    expect(text).not.toContain("Jan 2, 2025 (partial)");
    expect(text).toContain("Partial day (Jan 3, 2025)");
  });

  it("name the bucket in the workspace's locale, as the table does", async () => {
    const workspace = { ...meta.workspace, locale: "de-DE" };
    const text = await pdfText(withMeta(meta, { workspace, notices: [notice], totalRows: rows.length }), rows);
    expect(text).toContain("03.01.2025 (partial)");
    expect(text).toContain("Partial day (03.01.2025)");
    expect(text).not.toContain("2025-01-03");
  });
});
