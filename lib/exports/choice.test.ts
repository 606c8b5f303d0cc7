import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as exportRoute } from "@/app/api/reports/[id]/export/route";
import { POST as createExportRoute } from "@/app/api/exports/route";
import { POST as retryRoute } from "@/app/api/exports/[id]/retry/route";
import { GET as reportRoute } from "@/app/api/reports/[id]/route";
import { POST as createReportRoute } from "@/app/api/reports/route";
import { db } from "../db";
import { pseudonym } from "../reports/redaction";
import { callRoute, testApiKey } from "../../testing/api";
import { readCsv, readJsonDocument, readPdfText, readXlsx } from "../../testing/export-readers";
import { referenceLocalDate } from "../../testing/independent";
import { scratchWorkspace } from "../../testing/workspaces";
import { checkDefinition } from "../reports/check";
import { applyExportChoice } from "./choice";
import { runJob } from "./worker";
import { claimExportJob } from "../../testing/exports";
import { exportStorage } from "./storage";
import type { ExportJob } from "./types";

// A period and fields chosen at export time, through the real routes, compared with a
// computation over the raw rows written here; the saved report is never changed.

process.env.CHARTROOM_RATE_EXPORTS_PER_USER = "1000000";
process.env.CHARTROOM_RATE_EXPORTS_PER_WORKSPACE = "1000000";

const ZONE = "Europe/Berlin";
const scratch = await scratchWorkspace({
  label: "choice",
  timezone: ZONE,
  roles: ["owner", "member", "viewer"],
  events: 3000,
  days: 40,
  templates: false,
});
const ws = scratch.workspace;
const keys = {
  admin: (await testApiKey(ws.id, scratch.people.owner.email, "admin")).secret,
  member: (await testApiKey(ws.id, scratch.people.member.email, "member", "member")).secret,
  viewer: (await testApiKey(ws.id, scratch.people.viewer.email, "viewer", "viewer")).secret,
};

const rowsDefinition = {
  dataset: "usage_events",
  columns: ["occurred_at", "event_type", "user_id", "plan", "country", "revenue"],
  timeRange: { type: "relative", preset: "last_90_days" },
  sort: [{ key: "occurred_at", dir: "asc" }],
  limit: 100_000,
};
const groupsDefinition = {
  dataset: "usage_events",
  groupBy: ["event_type", "country"],
  timeBucket: "day",
  measures: [{ fn: "count" }, { fn: "sum", field: "revenue" }, { fn: "count_distinct", field: "user_id" }],
  timeRange: { type: "relative", preset: "last_30_days" },
  chart: { type: "bar", x: "period", y: ["count"] },
};

async function createReport(name: string, definition: object): Promise<string> {
  const created = await callRoute(createReportRoute, { key: keys.admin, body: { name, definition } });
  expect(created.status).toBe(201);
  return (created.body as { report: { id: string } }).report.id;
}
const rowsReport = await createReport("Events by choice", rowsDefinition);
const groupsReport = await createReport("Groups by choice", groupsDefinition);

/** A download through the route, with the query string exactly as given. */
async function download(key: string, reportId: string, query: string) {
  const req = new NextRequest(`http://localhost/api/reports/${reportId}/export?${query}`, {
    headers: { Authorization: `Bearer ${key}` },
  });
  const res = await exportRoute(req, { params: Promise.resolve({ id: reportId }) });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, bytes, disposition: res.headers.get("content-disposition") ?? "", res };
}

function errorOf(answer: { bytes: Buffer }) {
  return (JSON.parse(answer.bytes.toString("utf8")) as { error: { code: string; param?: string; message: string } })
    .error;
}

// ---------- The independent computation ----------

const raw = await db.usageEvent.findMany({ where: { workspaceId: ws.id } });
const today = referenceLocalDate(ZONE, Date.now());
const dayBefore = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
const between = (from: string, to: string) =>
  raw.filter((e) => {
    const local = referenceLocalDate(ZONE, e.occurredAt.getTime());
    return local >= from && local <= to;
  });
const sorted = (values: string[]) => [...values].sort();

describe("a period and fields chosen at export time", () => {
  it("give a viewer exactly the chosen period's rows and only the chosen columns, masked", async () => {
    const from = dayBefore(today, 20);
    const to = dayBefore(today, 10);
    const answer = await download(
      keys.viewer,
      rowsReport,
      `format=csv&from=${from}&to=${to}&columns=event_type,user_id,occurred_at`,
    );
    expect(answer.status).toBe(200);
    expect(answer.disposition).toContain(`${from}_${to}.csv`);
    const [header, ...rows] = readCsv(answer.bytes);
    // The report's own order, whatever order the request named them in.
    expect(header).toEqual(["Time", "Event type", "User ID"]);
    const expected = between(from, to);
    expect(expected.length).toBeGreaterThan(100);
    expect(rows.length).toBe(expected.length);
    const seen = sorted(rows.map((r) => `${r[1]}|${r[2]}`));
    const wanted = sorted(expected.map((e) => `${e.eventType}|${pseudonym(ws.id, "user_id", e.userId)}`));
    expect(seen).toEqual(wanted);
    expect(rows.every((r) => /^user_[0-9a-f]{12}$/.test(r[2]))).toBe(true);
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { workspaceId: ws.id, action: "report.exported", entity: `report:${rowsReport}` },
      orderBy: { id: "desc" },
    });
    expect(JSON.parse(audit.details)).toMatchObject({
      from,
      to,
      redaction: "masked",
      choice: { from, to, columns: ["event_type", "user_id", "occurred_at"] },
    });
  });

  it("group again by the chosen fields only, with totals over the chosen period", async () => {
    const answer = await download(
      keys.member,
      groupsReport,
      "format=json&preset=last_7_days&columns=sum_revenue,event_type,count",
    );
    expect(answer.status).toBe(200);
    const doc = readJsonDocument(answer.bytes) as ReturnType<typeof readJsonDocument> & {
      range: { from: string; to: string };
      totals: { rows: number; measures: { key: string; value: number }[] };
      notices: { code: string; message: string }[];
      columns: { key: string }[];
    };
    const from = dayBefore(today, 6);
    expect(doc.range).toMatchObject({ from, to: today });
    expect(doc.columns.map((c) => c.key)).toEqual(["event_type", "count", "sum_revenue"]);
    const expected = new Map<string, { count: number; cents: number }>();
    for (const e of between(from, today)) {
      const group = expected.get(e.eventType) ?? { count: 0, cents: 0 };
      group.count += 1;
      group.cents += Number(e.revenueCents);
      expected.set(e.eventType, group);
    }
    expect(doc.rows.length).toBe(expected.size);
    for (const row of doc.rows) {
      const group = expected.get(row.event_type as string)!;
      expect(row.count).toBe(group.count);
      expect(Math.round((row.sum_revenue as number) * 100)).toBe(group.cents);
    }
    const all = between(from, today);
    const total = (key: string) => doc.totals.measures.find((m) => m.key === key)?.value;
    expect(doc.totals.rows).toBe(expected.size);
    expect(total("count")).toBe(all.length);
    expect(Math.round(total("sum_revenue")! * 100)).toBe(all.reduce((s, e) => s + Number(e.revenueCents), 0));
    expect(doc.notices[0]).toMatchObject({ code: "export_choice" });
    expect(doc.notices[0].message).toContain(`Last 7 days, ${from} – ${today}`);
    expect(doc.notices[0].message).toContain("3 of 6 fields: Event type, Count, Total revenue");
  });

  it("are stated in the XLSX summary and the PDF header", async () => {
    const query = "preset=previous_week&columns=occurred_at,event_type,revenue";
    const xlsx = await download(keys.viewer, rowsReport, `format=xlsx&${query}`);
    expect(xlsx.status).toBe(200);
    const summary = [...readXlsx(xlsx.bytes).get("Summary")!.values()].join("\n");
    expect(summary).toContain("Chosen for this export: Previous week");
    expect(summary).toContain("3 of 6 fields: Time, Event type, Revenue");
    const pdf = await download(keys.viewer, rowsReport, `format=pdf&${query}`);
    expect(pdf.status).toBe(200);
    const text = readPdfText(pdf.bytes).replace(/\s+/g, " ");
    expect(text).toContain("Chosen for this export: Previous week");
    expect(text).toContain("Time, Event type, Revenue");
  });

  it("keep raw values for admins who ask, and refuse them to viewers", async () => {
    const refused = await download(keys.viewer, rowsReport, "format=csv&redaction=raw&columns=user_id");
    expect(refused.status).toBe(403);
    expect(errorOf(refused)).toMatchObject({ code: "forbidden", param: "redaction" });
    const from = dayBefore(today, 3);
    const rawAnswer = await download(
      keys.admin,
      rowsReport,
      `format=csv&redaction=raw&columns=user_id&from=${from}&to=${today}`,
    );
    expect(rawAnswer.status).toBe(200);
    const [header, ...rows] = readCsv(rawAnswer.bytes);
    expect(header).toEqual(["User ID"]);
    expect(sorted(rows.map((r) => r[0]))).toEqual(sorted(between(from, today).map((e) => e.userId)));
  });

  it("refuse bad choices with a stable 400 naming the parameter", async () => {
    const cases: [string, string][] = [
      ["columns=event_type,nonsense", "columns"],
      ["columns=event_type,event_type", "columns"],
      ["columns=", "columns"],
      ["from=2026-02-10&to=2026-02-01", "from"],
      ["from=2000-01-01&to=2026-01-01", "to"],
      ["from=2026-02-30&to=2026-03-01", "from"],
      ["from=yesterday&to=2026-03-01", "from"],
      ["from=2026-02-01", "to"],
      ["preset=last_7_days&from=2026-02-01&to=2026-02-03", "preset"],
      ["preset=last_week", "preset"],
      ["from=2026-02-01&from=2026-02-02&to=2026-02-05", "from"],
      ["columns=event_type&columns=user_id", "columns"],
    ];
    for (const [query, param] of cases) {
      const answer = await download(keys.viewer, rowsReport, `format=csv&${query}`);
      expect({ query, status: answer.status }).toEqual({ query, status: 400 });
      expect({ query, error: errorOf(answer) }).toMatchObject({ query, error: { code: "invalid_parameter", param } });
    }
    // Grouped rows need a figure: the group fields alone are refused rather than counted silently.
    const noFigure = await download(keys.viewer, groupsReport, "format=csv&columns=event_type");
    expect(noFigure.status).toBe(400);
    expect(errorOf(noFigure)).toMatchObject({ code: "invalid_parameter", param: "columns" });
  });

  it("leave the saved report as it was", async () => {
    const before = await callRoute(reportRoute, {
      key: keys.admin,
      params: { id: rowsReport },
      path: "/api/reports/x",
    });
    await download(keys.viewer, rowsReport, "format=csv&preset=yesterday&columns=event_type");
    const after = await callRoute(reportRoute, { key: keys.admin, params: { id: rowsReport }, path: "/api/reports/x" });
    expect(after.body).toEqual(before.body);
    expect((after.body as { report: { definition: { columns: string[] } } }).report.definition.columns).toEqual(
      rowsDefinition.columns,
    );
  });
});

describe("a chosen period and fields on a background export", () => {
  const claim = (id: string) => claimExportJob(id, "choice-worker");
  async function fileOf(id: string): Promise<Buffer> {
    const job = await db.exportJob.findUniqueOrThrow({ where: { id } });
    const chunks: Buffer[] = [];
    for await (const c of await exportStorage().open(job.storageKey!)) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  it("keep the choice in the job, its retry, the history and the audit trail", async () => {
    const from = dayBefore(today, 15);
    const to = dayBefore(today, 9);
    const body = { reportId: rowsReport, format: "csv", from, to, columns: ["country", "user_id", "event_type"] };
    const created = await callRoute(createExportRoute, { key: keys.member, body });
    expect(created.status).toBe(202);
    const job = (created.body as { export: ExportJob }).export;
    const { fieldLabels, ...asked } = job.choice!;
    expect(asked).toEqual({ from, to, columns: body.columns });
    // The history names the fields as the file does, not by their keys.
    expect([...fieldLabels!].sort()).toEqual(["Country", "Event type", "User ID"]);
    await runJob(await claim(job.id), undefined, "choice-worker");
    const [header, ...rows] = readCsv(await fileOf(job.id));
    expect(header).toEqual(["Event type", "User ID", "Country"]);
    const expected = between(from, to);
    expect(sorted(rows.map((r) => `${r[0]}|${r[1]}|${r[2]}`))).toEqual(
      sorted(expected.map((e) => `${e.eventType}|${pseudonym(ws.id, "user_id", e.userId)}|${e.country}`)),
    );
    const audit = await db.auditEvent.findFirstOrThrow({ where: { workspaceId: ws.id, entity: `export:${job.id}` } });
    expect(JSON.parse(audit.details)).toMatchObject({ choice: { from, to, columns: body.columns } });

    const retried = await callRoute(retryRoute, {
      key: keys.member,
      params: { id: job.id },
      path: `/api/exports/${job.id}/retry`,
      method: "POST",
    });
    expect(retried.status).toBe(202);
    expect((retried.body as { export: ExportJob }).export.choice).toEqual(job.choice);
  });

  it("refuse a bad choice before queuing anything", async () => {
    const cases: [object, string][] = [
      [{ columns: ["nonsense"] }, "columns"],
      [{ columns: [] }, "columns"],
      [{ from: "2026-03-02", to: "2026-03-01" }, "from"],
      [{ preset: "this_month", to: "2026-03-01" }, "preset"],
      [{ from: "2026-03-01" }, "to"],
    ];
    const before = await db.exportJob.count({ where: { workspaceId: ws.id } });
    for (const [choice, param] of cases) {
      const answer = await callRoute(createExportRoute, {
        key: keys.member,
        body: { reportId: rowsReport, format: "csv", ...choice },
      });
      expect({ choice, status: answer.status }).toEqual({ choice, status: 400 });
      expect(answer.body).toMatchObject({ error: { code: "invalid_parameter", param } });
    }
    expect(await db.exportJob.count({ where: { workspaceId: ws.id } })).toBe(before);
  });
});

describe("the narrowed definition", () => {
  const groups = checkDefinition(groupsDefinition, { timezone: ZONE });

  it("keeps the chart while its axes are chosen and drops it with them", () => {
    const kept = applyExportChoice(groups, { columns: ["period", "count"] }, ZONE);
    expect(kept.definition.chart).toEqual({ type: "bar", x: "period", y: ["count"] });
    expect(kept.definition.groupBy).toEqual([]);
    const dropped = applyExportChoice(groups, { columns: ["event_type", "count"] }, ZONE);
    expect(dropped.definition.chart.type).toBe("none");
    expect(dropped.definition.timeBucket).toBeNull();
  });

  it("is the saved report itself when nothing is chosen", () => {
    expect(applyExportChoice(groups, {}, ZONE)).toBe(groups);
  });
});
