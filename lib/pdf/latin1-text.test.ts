import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ExportRow } from "../exports/types";
import { renderReportPdfBuffer } from "../../testing/pdf-buffer";
import { eventsReport, withMeta } from "../../testing/sample-report";
import { pdfText } from "./text-metrics";

const dir = mkdtempSync(join(tmpdir(), "chartroom-pdf-latin1-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Printable Latin-1 in lines short enough for a table cell. The soft hyphen is drawn as "-". */
function latin1Lines(): string[] {
  let all = "";
  for (let c = 0x21; c <= 0xff; c++) if (c < 0x7f || (c > 0xa0 && c !== 0xad)) all += String.fromCharCode(c);
  return all.match(/[^]{1,40}/g) ?? [];
}

async function pdfLines(rows: string[], reportName = "Latin-1"): Promise<string[]> {
  const { meta } = eventsReport(1, 1);
  const file = join(dir, `${reportName.length}-${rows.length}-${Date.now()}.pdf`);
  const report = withMeta(meta, {
    reportName,
    columns: [{ key: "text", label: "Text", type: "string", format: "text", sensitive: false, kind: "field" }],
  });
  const data: ExportRow[] = rows.map((text) => ({ text }));
  writeFileSync(file, await renderReportPdfBuffer(report, data, { template: "detailed" }));
  return execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).split("\n");
}

describe("PDF text", () => {
  it("draws every printable Latin-1 character exactly, in cells and the title", async () => {
    const lines = latin1Lines();
    const text = await pdfLines(
      lines.map((l, i) => `L${i} ${l}`),
      "Größe Café Ñandú",
    );
    lines.forEach((line, i) => expect(text).toContain(`L${i} ${line}`));
    expect(text).toContain("Größe Café Ñandú");
  });

  it("renders a soft hyphen in any text as the hyphen WinAnsi draws for it", async () => {
    const text = await pdfLines(["soft\u00ADhyphen"], "\u00AD");
    expect(text).toContain("soft-hyphen");
  });

  it("shows other characters as a visible replacement, and line breaks of every kind as spaces", async () => {
    const text = await pdfLines([
      "a\u0001b\u009fc\u007fd",
      "one\u0085two\u2028three\u2029four\rfive\nsix",
      "j\uFFFEk\uD800l 日本",
    ]);
    expect(text).toContain("a?b?c?d");
    expect(text).toContain("one two three four five six");
    expect(text).toContain("j?k?l ??");
    expect(pdfText("tab\there")).toBe("tab here");
  });
});
