// A saved report downloaded in every format through the real export route, each file read
// back by its independent reader (testing/export-readers.ts). Property suites push
// generated values through ingestion and compare what comes back here.
import { NextRequest } from "next/server";
import { expect } from "vitest";
import { GET as exportRoute } from "@/app/api/reports/[id]/export/route";
import { readCsv, readJsonDocument, readNdjson, readPdfText, readXlsx } from "./export-readers";

export interface ExportedEverywhere {
  /** Rows of cells, header first. */
  csv: string[][];
  json: ReturnType<typeof readJsonDocument>;
  /** Data lines only (the metadata line left out). */
  ndjson: Record<string, unknown>[];
  /** Sheet name → cell reference → decoded text. */
  xlsx: Map<string, Map<string, string>>;
  pdfText: string;
}

async function download(key: string, reportId: string, format: string): Promise<Uint8Array> {
  const req = new NextRequest(
    new URL(`/api/reports/${reportId}/export?format=${format}&redaction=raw`, "http://localhost"),
    {
      headers: { Authorization: `Bearer ${key}` },
    },
  );
  const res = await exportRoute(req, { params: Promise.resolve({ id: reportId }) });
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect(res.status, `${format} export: ${new TextDecoder().decode(bytes.slice(0, 300))}`).toBe(200);
  return bytes;
}

/** Every format of the report (raw values of sensitive fields: the key must be an admin's), read back. */
export async function exportEverywhere(key: string, reportId: string, dataKey: string): Promise<ExportedEverywhere> {
  return {
    csv: readCsv(await download(key, reportId, "csv")),
    json: readJsonDocument(await download(key, reportId, "json")),
    ndjson: readNdjson(await download(key, reportId, "ndjson")).filter((line) => dataKey in line),
    xlsx: readXlsx(await download(key, reportId, "xlsx")),
    pdfText: readPdfText(await download(key, reportId, "pdf")),
  };
}
