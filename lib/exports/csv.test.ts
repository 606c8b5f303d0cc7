import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { csvLines, csvStream, type CsvColumn } from "./csv";

interface Row {
  name: string;
  amount: number | string;
}

const columns: CsvColumn<Row>[] = [
  { label: "Name", value: (r) => r.name },
  { label: "Amount", value: (r) => r.amount },
];

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("CSV", () => {
  it("neutralises formulas but keeps negative numbers", () => {
    const rows: Row[] = [
      { name: '=HYPERLINK("http://x")', amount: -12.5 },
      { name: "+1+2", amount: "-7" },
      { name: "@SUM(A1)", amount: "-1e3" },
      { name: "\tTab", amount: "-3-4" },
      { name: "-cmd|calc", amount: 0 },
    ];
    const parsed = Papa.parse<string[]>(csvLines(columns, rows, true).trim()).data;
    expect(parsed).toEqual([
      ["Name", "Amount"],
      ['\'=HYPERLINK("http://x")', "-12.5"],
      ["'+1+2", "-7"],
      ["'@SUM(A1)", "-1e3"],
      ["'\tTab", "'-3-4"],
      ["'-cmd|calc", "0"],
    ]);
  });

  it("round-trips commas, quotes, line breaks and non-ASCII text", () => {
    const rows: Row[] = [{ name: 'Acme, "Inc."\nLine 2 — Zürich 東京', amount: 3 }];
    const text = csvLines(columns, rows, false);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(Papa.parse<string[]>(text.trim()).data).toEqual([['Acme, "Inc."\nLine 2 — Zürich 東京', "3"]]);
  });

  it("streams a header and every batch, with a BOM when asked", async () => {
    async function* batches() {
      yield [{ name: "a", amount: 1 }];
      yield [
        { name: "b", amount: 2 },
        { name: "c", amount: 3 },
      ];
    }
    const bytes = new Uint8Array(await new Response(csvStream(columns, batches(), { bom: true })).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toBe("Name,Amount\r\na,1\r\nb,2\r\nc,3\r\n");
    expect(await readAll(csvStream(columns, batches()))).toBe("Name,Amount\r\na,1\r\nb,2\r\nc,3\r\n");
  });

  it("stops reading rows when the client goes away", async () => {
    let produced = 0;
    let closed = false;
    async function* endless() {
      try {
        for (;;) {
          produced++;
          yield [{ name: "x", amount: produced }];
        }
      } finally {
        closed = true;
      }
    }
    const reader = csvStream(columns, endless()).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    expect(closed).toBe(true);
    expect(produced).toBeLessThan(5);
  });
});

describe("CSV cells", () => {
  it("writes every cell exactly as papaparse does", async () => {
    const { csvCell, FORMULA_PREFIX } = await import("./csv");
    const cells: (string | number | null)[] = [
      "plain",
      "",
      " lead",
      "trail ",
      "a,b",
      'say "hi"',
      "a\nb",
      "a\rb",
      "\uFEFFbom",
      "=1+1",
      "+x",
      "-x",
      "@x",
      "\tx",
      "\rx",
      "-7",
      "-1e3",
      "+5",
      "-",
      "中文",
      "a\tb",
      0,
      -0,
      -12.5,
      1e21,
      3.14,
      Number.NaN,
      null,
    ];
    for (const value of cells) {
      const expected =
        value === null ? "" : Papa.unparse([[value]], { newline: "\r\n", escapeFormulae: FORMULA_PREFIX });
      expect(csvCell(value)).toBe(expected);
    }
  });
});
