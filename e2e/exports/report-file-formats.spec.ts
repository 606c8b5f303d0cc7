import { expect, test } from "@playwright/test";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { GINA, signInApi } from "../helpers/auth";
import { e2eDatabase, workspaceBySlug } from "../helpers/db";

function reportId(slug: string, templateKey: string): string {
  const ws = workspaceBySlug(slug);
  const db = e2eDatabase();
  try {
    return (
      db.prepare("SELECT id FROM reports WHERE workspace_id = ? AND template_key = ?").get(ws.id, templateKey) as {
        id: string;
      }
    ).id;
  } finally {
    db.close();
  }
}

test("a saved report downloads as CSV, JSON, NDJSON and XLSX with the same rows", async ({ request }) => {
  await signInApi(request);
  const id = reportId("acme", "model_performance");
  const get = (format: string) => request.get(`/api/reports/${id}/export?format=${format}`);

  const json = await get("json");
  expect(json.status()).toBe(200);
  expect(json.headers()["content-type"]).toContain("application/json");
  expect(json.headers()["content-disposition"]).toMatch(
    /^attachment; filename="Model-Performance_acme_\d{4}-\d\d-\d\d_\d{4}-\d\d-\d\d\.json"/,
  );
  const doc = await json.json();
  expect(doc.rows.length).toBeGreaterThan(0);
  expect(doc.rowCount).toBe(doc.rows.length);

  const csv = Papa.parse<Record<string, string>>(await (await get("csv")).text(), {
    header: true,
    skipEmptyLines: true,
  });
  expect(csv.data.length).toBe(doc.rows.length);
  expect(Number(csv.data[0]["Accuracy (ratio)"])).toBeCloseTo(doc.rows[0].avg_accuracy, 10);

  const nd = (await (await get("ndjson")).text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(nd).toEqual(doc.rows);

  const xlsx = await get("xlsx");
  expect(xlsx.headers()["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
  const data = book.getWorksheet("Data")!;
  expect(data.rowCount - 1).toBe(doc.rows.length);
  expect(data.getRow(2).getCell(3).value).toBeCloseTo(doc.rows[0].avg_accuracy, 10);

  const pdf = await get("pdf");
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
});

test("another workspace's report export is a 404; an unknown format is a 400", async ({ request }) => {
  const id = reportId("acme", "usage_summary");
  await signInApi(request, GINA);
  const res = await request.get(`/api/reports/${id}/export?format=csv`);
  expect(res.status()).toBe(404);
  const own = reportId("globex", "usage_summary");
  const bad = await request.get(`/api/reports/${own}/export?format=docx`);
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.param).toBe("format");
});
