import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { partialBucketsNotice } from "../reports/time-range";
import { renderReportPdfBuffer } from "../../testing/pdf-buffer";
import { modelMetricsReport, withMeta } from "../../testing/sample-report";

describe("partial buckets in PDFs", () => {
  it("are marked in the table and explained in the header", async () => {
    const { meta, rows } = modelMetricsReport(3, 1);
    const notice = partialBucketsNotice("day", ["2025-01-03"])!;
    const report = withMeta(meta, { notices: [notice], totalRows: rows.length });
    const dir = mkdtempSync(join(tmpdir(), "chartroom-partial-"));
    try {
      writeFileSync(join(dir, "p.pdf"), await renderReportPdfBuffer(report, rows, { template: "detailed" }));
      const text = execFileSync("pdftotext", ["-layout", join(dir, "p.pdf"), "-"], { encoding: "utf8" }).replace(
        /\s+/g,
        " ",
      );
      expect(text).toContain("Jan 3, 2025 (partial)");
      expect(text).not.toContain("Jan 2, 2025 (partial)");
      expect(text).toContain("Partial day (2025-01-03)");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
