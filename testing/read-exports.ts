// A saved report downloaded through its export route in every format and read back by
// readers Chartroom did not write: papaparse, JSON.parse, exceljs and pdftotext.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { NextRequest } from "next/server";
import Papa from "papaparse";
import { GET as exportRoute } from "@/app/api/reports/[id]/export/route";

export interface ReadBack {
  csv: Record<string, string>[];
  json: { rows: Record<string, unknown>[] };
  ndjson: Record<string, unknown>[];
  xlsx: ExcelJS.Workbook;
  pdf: string;
}

/** One format's response: status, and the body when it is 200 (the error envelope otherwise). */
export async function downloadReport(
  key: string,
  reportId: string,
  format: string,
): Promise<{ status: number; bytes: Buffer }> {
  const req = new NextRequest(`http://localhost/api/reports/${reportId}/export?format=${format}`, {
    headers: { Authorization: `Bearer ${key}` },
  });
  const res = await exportRoute(req, { params: Promise.resolve({ id: reportId }) });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}

export function pdfText(bytes: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), "chartroom-read-"));
  try {
    const file = join(dir, "report.pdf");
    writeFileSync(file, bytes);
    return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every format of a saved report, each asserted to be a 200. */
export async function readAllFormats(key: string, reportId: string): Promise<ReadBack> {
  const get = async (format: string) => {
    const { status, bytes } = await downloadReport(key, reportId, format);
    if (status !== 200) throw new Error(`${format}: ${status} ${bytes.toString("utf8").slice(0, 300)}`);
    return bytes;
  };
  const csv = Papa.parse<Record<string, string>>((await get("csv")).toString("utf8"), {
    header: true,
    skipEmptyLines: true,
  });
  if (csv.errors.length > 0) throw new Error(`csv: ${JSON.stringify(csv.errors.slice(0, 3))}`);
  const json = JSON.parse((await get("json")).toString("utf8")) as ReadBack["json"];
  const lines = (await get("ndjson"))
    .toString("utf8")
    .split("\n")
    .filter((l) => l.length > 0);
  const ndjson = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const xlsx = new ExcelJS.Workbook();
  await xlsx.xlsx.load((await get("xlsx")) as unknown as ArrayBuffer);
  return { csv: csv.data, json, ndjson, xlsx, pdf: pdfText(await get("pdf")) };
}
