import { execFileSync } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { finished } from "node:stream/promises";
import Papa from "papaparse";
import { afterAll, describe, expect, it } from "vitest";
import { descendants, parseXlsxParts, parseXml, sheetPartByName, sheetStrings } from "../../testing/xlsx-reader";
import type { OutputColumn } from "../reports/types";
import { ooxmlText, xmlSafe } from "./ooxml-text";
import type { ExportMeta } from "./types";
import { writeXlsx } from "./xlsx";

const dir = mkdtempSync(join(tmpdir(), "chartroom-xlsx-strings-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOSTILE = [
  "before\uFFFEafter",
  "end\uFFFF",
  "bell\u0007 nul\u0000 esc\u001B",
  "line one\r\nline two\rthree",
  "literal _x0041_ and _x000D_ and _x005f_",
  "overlapping _x005F_x0041_ and _x0041__x0042_",
  "del\u007F and c1\u0085\u009F",
  "\u2028sep\u2029",
  "tab\tand\nnewline",
  "<tag attr=\"x\">&amp;</tag> 'q'",
  "Zürich 東京 🚀 עברית",
];

/** What a spreadsheet shows for each: XML-forbidden characters replaced, the rest as written. */
const SHOWN = HOSTILE.map(xmlSafe);

const columns: OutputColumn[] = [
  { key: "text", label: "Text _x0041_\r\uFFFE", type: "string", format: "text", sensitive: false, kind: "field" },
];

const meta: ExportMeta = {
  reportName: "Name \uFFFE _x0042_\r",
  description: "Description \u0001 _x0043_",
  workspace: {
    name: "Acme \uFFFF",
    slug: "acme",
    timezone: "UTC",
    locale: "en-US",
    brandColor: "#0f766e",
    logoUrl: null,
  },
  range: { from: "2026-03-01", to: "2026-03-31", timezone: "UTC" },
  filters: ["Plan is _x0044_\uFFFE"],
  generatedAt: new Date("2026-03-09T14:05:00Z"),
  columns,
  chart: { type: "none" },
  limit: 10_000,
  totalRows: HOSTILE.length,
  notices: [{ code: "limit_clamped", message: "Notice \r\n _x0045_" }],
};

async function write(): Promise<string> {
  const path = join(dir, `strings-${Date.now()}-${Math.random().toString(36).slice(2)}.xlsx`);
  const sink = createWriteStream(path);
  async function* batches() {
    yield HOSTILE.map((s) => [s]);
  }
  await writeXlsx(meta, batches(), sink);
  await finished(sink);
  return path;
}

describe("XLSX strings", () => {
  it("the strict reader refuses what XML 1.0 forbids", () => {
    expect(() => parseXml("<a>\uFFFE</a>")).toThrow();
    expect(() => parseXml("<a>\uFFFF</a>")).toThrow();
    expect(() => parseXml("<a>\u0001</a>")).toThrow();
    expect(() => parseXml("<a>\uD800</a>")).toThrow();
    expect(parseXml("<a>ok\u0085\u2028</a>").text).toBe("ok\u0085\u2028");
  });

  it("escapes once: forbidden characters become U+FFFD, CR and DEL and literal _xHHHH_ are OOXML-escaped", () => {
    expect(ooxmlText("a\uFFFEb\u0000c")).toBe("a\uFFFDb\uFFFDc");
    expect(ooxmlText("a\r\nb")).toBe("a_x000D_\nb");
    expect(ooxmlText("_x0041_ _x000d_")).toBe("_x005F_x0041_ _x005F_x000d_");
    expect(ooxmlText("\u007F")).toBe("_x007F_");
    // Escapes that share an underscore are each escaped.
    expect(ooxmlText("_x005F_x0041_")).toBe("_x005F_x005F_x005F_x0041_");
    expect(ooxmlText("\uD83D\uDE80 \uD83D \uDE80")).toBe("\uD83D\uDE80 \uFFFD \uFFFD");
  });

  it("writes every string so that each part is well-formed and each cell reads back as written", async () => {
    const parts = parseXlsxParts(await write());
    const data = sheetStrings(parts, sheetPartByName(parts, "Data"));
    expect(data.get("A1")).toBe("Text _x0041_\r\uFFFD");
    HOSTILE.forEach((_, i) => expect(data.get(`A${i + 2}`)).toBe(SHOWN[i]));

    const summary = [...sheetStrings(parts, sheetPartByName(parts, "Summary")).values()];
    expect(summary).toContain("Name \uFFFD _x0042_\r");
    expect(summary).toContain("Description \uFFFD _x0043_");
    expect(summary).toContain("Acme \uFFFD");
    expect(summary).toContain("Plan is _x0044_\uFFFD");
    expect(summary).toContain("Notice \r\n _x0045_");

    const title = descendants(parts.get("docProps/core.xml")!, "dc:title")[0];
    expect(title.text).toBe("Name \uFFFD _x0042_\n");
  });
});

const soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find((path) => existsSync(path));

// A real spreadsheet program's reading of the data cells, where LibreOffice is installed
// (Debian: libreoffice-calc). It decodes _xHHHH_ in <t> elements, as Excel does everywhere.
describe.skipIf(!soffice)("XLSX strings in LibreOffice", () => {
  it("reads every data cell back as written, CR and literal _xHHHH_ included", { timeout: 120_000 }, async () => {
    const file = await write();
    const out = mkdtempSync(join(dir, "soffice-"));
    // Comma-separated, double quotes, UTF-8 (76), one file per sheet (the last field).
    const filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1";
    execFileSync(soffice!, ["--headless", "--convert-to", filter, "--outdir", out, file], {
      env: { ...process.env, HOME: out },
      stdio: "ignore",
    });
    const csv = readFileSync(join(out, `${basename(file, ".xlsx")}-Data.csv`), "utf8");
    const rows = Papa.parse<string[]>(csv.replace(/\n$/, ""), { newline: "\n" }).data;
    // LibreOffice decodes every escape except _x007F_ (DEL), which Excel decodes, and keeps
    // multi-line cells with its own line breaks (the CR itself is checked above, in the XML).
    const lines = (s: string) => s.replace(/\r\n?/g, "\n");
    const shown = SHOWN.map((s) => lines(s.replaceAll("\u007F", "_x007F_")));
    expect(rows.slice(1).map((r) => lines(r[0]))).toEqual(shown);
  });
});
