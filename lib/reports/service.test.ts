import { describe, expect, it } from "vitest";
import { db } from "../db";
import { seeded } from "../../testing/db";
import {
  createReport,
  deleteReport,
  duplicateReport,
  ensureTemplates,
  getReport,
  listReports,
  updateReport,
} from "./service";
import { REPORT_TEMPLATES } from "./templates";

const definition = { dataset: "alerts", columns: ["triggered_at", "title"] };

describe("saved reports", () => {
  it("every workspace starts with the built-in templates, handed out once", async () => {
    const { acme, globex } = seeded();
    for (const w of [acme, globex]) {
      const keys = (await listReports(w.id))
        .map((r) => r.templateKey)
        .filter(Boolean)
        .sort();
      expect(keys).toEqual(REPORT_TEMPLATES.map((t) => t.key).sort());
    }
    const alerts = (await listReports(globex.id)).find((r) => r.templateKey === "alerts")!;
    await deleteReport(globex.id, alerts.id);
    expect(await ensureTemplates(globex.id)).toBe(0);
    expect((await listReports(globex.id)).some((r) => r.templateKey === "alerts")).toBe(false);
  });

  it("create, read, search, update, duplicate and delete within a workspace", async () => {
    const { acme } = seeded();
    const created = await createReport(acme.id, "UTC", { name: "Open alerts by Zebra", definition }, "t@example.com");
    expect(created.definition).toMatchObject({ version: 1, dataset: "alerts", limit: 10_000 });
    expect((await listReports(acme.id, "zebra")).map((r) => r.id)).toEqual([created.id]);
    const renamed = await updateReport(acme.id, "UTC", created.id, { name: "Renamed" });
    expect(renamed.name).toBe("Renamed");
    expect(renamed.definition).toEqual(created.definition);
    const copy = await duplicateReport(acme.id, created.id, "t@example.com");
    expect(copy).toMatchObject({ name: "Copy of Renamed", definition: created.definition });
    await deleteReport(acme.id, created.id);
    await expect(getReport(acme.id, created.id)).rejects.toMatchObject({ status: 404 });
    expect((await getReport(acme.id, copy.id)).id).toBe(copy.id);
  });

  it("another workspace cannot read, change, copy or delete a report: 404", async () => {
    const { acme, globex } = seeded();
    const report = await createReport(acme.id, "UTC", { name: "Acme only", definition }, "t@example.com");
    await expect(getReport(globex.id, report.id)).rejects.toMatchObject({ status: 404 });
    await expect(updateReport(globex.id, "UTC", report.id, { name: "pwned" })).rejects.toMatchObject({ status: 404 });
    await expect(duplicateReport(globex.id, report.id, "x")).rejects.toMatchObject({ status: 404 });
    await expect(deleteReport(globex.id, report.id)).rejects.toMatchObject({ status: 404 });
    const kept = await db.report.findUniqueOrThrow({ where: { id: report.id } });
    expect(kept.name).toBe("Acme only");
    expect((await listReports(globex.id)).some((r) => r.id === report.id)).toBe(false);
  });

  it("refuses to save a definition that does not fit the catalog", async () => {
    const { acme } = seeded();
    await expect(
      createReport(acme.id, "UTC", { name: "Bad", definition: { dataset: "alerts", columns: ["salary"] } }, "t"),
    ).rejects.toMatchObject({ status: 422, param: "definition.columns.0" });
  });
});
