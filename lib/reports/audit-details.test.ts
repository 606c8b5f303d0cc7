import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { POST as previewRoute } from "@/app/api/reports/preview/route";
import { recordAudit } from "../audit";
import { prepareExport } from "../exports/pipeline";
import { callRoute, testApiKey } from "../../testing/api";
import { scratchWorkspace } from "../../testing/workspaces";
import { ROLES } from "../roles";
import { seeded } from "../../testing/db";
import { auditDetailsMasker } from "./audit-details";
import { checkDefinition } from "./check";
import { pseudonym } from "./redaction";

const scratch = await scratchWorkspace({ roles: ROLES });
const ws = scratch.workspace;
const keys = {
  admin: (await testApiKey(ws.id, scratch.people.owner.email, "admin")).secret,
  member: (await testApiKey(ws.id, scratch.people.member.email, "member", "member")).secret,
  viewer: (await testApiKey(ws.id, scratch.people.viewer.email, "viewer", "viewer")).secret,
};
const INVITED = "invited.person@example.com";
const REMOVED = "removed.person@example.com";
for (const [action, details] of [
  ["member.invited", { email: INVITED, role: "admin" }],
  ["member.role_changed", { email: REMOVED, from: "member", to: "viewer" }],
  ["member.removed", { email: REMOVED, role: "viewer" }],
  ["export.downloaded", { report: "Revenue", format: "csv", forwardedFor: "203.0.113.9" }],
] as const) {
  await recordAudit({
    workspaceId: ws.id,
    actor: scratch.people.owner.email,
    action,
    entity: "workspace:x",
    ip: "198.51.100.7",
    details,
  });
}

const today = new Date().toISOString().slice(0, 10);
const definition = {
  dataset: "audit_events",
  columns: ["occurred_at", "actor", "action", "details"],
  timeRange: { type: "absolute", from: "2020-01-01", to: today },
  sort: [{ key: "occurred_at", dir: "asc" }],
};
const PERSONAL = [INVITED, REMOVED, "203.0.113.9", "198.51.100.7", scratch.people.owner.email];

describe("personal data in audit details", () => {
  it("masks the personal values of details with the pseudonyms the rest of the report uses, and keeps the rest", () => {
    const mask = auditDetailsMasker(ws.id);
    const masked = JSON.parse(
      mask(
        JSON.stringify({
          email: INVITED,
          role: "admin",
          nested: { to: ["a@b.test"] },
          ip: "10.0.0.1",
          note: "x@y.test",
        }),
      ),
    );
    expect(masked).toEqual({
      email: pseudonym(ws.id, "actor", INVITED),
      role: "admin",
      nested: { to: [pseudonym(ws.id, "actor", "a@b.test")] },
      ip: pseudonym(ws.id, "ip", "10.0.0.1"),
      note: pseudonym(ws.id, "actor", "x@y.test"),
    });
    // Whatever cannot be read as an object is masked whole.
    expect(mask(`not json ${INVITED}`)).toMatch(/^anon_[0-9a-f]{12}$/);
    expect(mask(JSON.stringify({ fields: ["name", "timezone"], run: "abc" }))).toBe(
      JSON.stringify({ fields: ["name", "timezone"], run: "abc" }),
    );
  });

  it("previews details masked for viewers and members, raw for an admin who asks", async () => {
    for (const key of [keys.viewer, keys.member, keys.admin]) {
      const res = await callRoute(previewRoute, { key, body: { definition, pageSize: 50 } });
      expect(res.status).toBe(200);
      const text = JSON.stringify(res.body);
      for (const value of PERSONAL) expect(text).not.toContain(value);
      expect(text).toContain(pseudonym(ws.id, "actor", INVITED));
      expect(text).toContain('\\"role\\":\\"admin\\"');
    }
    const raw = await callRoute(previewRoute, {
      key: keys.admin,
      body: { definition, pageSize: 50, redaction: "raw" },
    });
    expect(JSON.stringify(raw.body)).toContain(INVITED);
  });

  it("masks details in every export format", async () => {
    const { conn } = seeded();
    const branding = {
      name: "Scratch",
      slug: ws.slug,
      timezone: "UTC",
      locale: "en-US",
      brandColor: "#2563eb",
      logoUrl: null,
    };
    const dir = mkdtempSync(join(tmpdir(), "audit-details-"));
    for (const format of ["csv", "json", "ndjson", "xlsx", "pdf"] as const) {
      const report = checkDefinition(definition, { timezone: "UTC" });
      report.redaction = "masked";
      const prepared = await prepareExport(
        conn,
        ws.id,
        branding,
        report,
        { name: "Audit", description: "" },
        { format },
      );
      const bytes = Buffer.from(await new Response(prepared.body).arrayBuffer());
      let text: string;
      if (format === "xlsx") {
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(bytes as unknown as ArrayBuffer);
        const cells: string[] = [];
        book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void cells.push(String(cell.value)))));
        text = cells.join("\n");
      } else if (format === "pdf") {
        const file = join(dir, "audit.pdf");
        writeFileSync(file, bytes);
        text = execFileSync("pdftotext", ["-raw", file, "-"], { encoding: "utf8" });
      } else {
        text = bytes.toString("utf8");
      }
      for (const value of PERSONAL) expect(text, `${format} holds ${value}`).not.toContain(value);
      expect(text, format).toContain("member.invited");
    }
  });

  it("cannot be filtered by value by viewers and members; admins can", async () => {
    const byEmail = { ...definition, filters: [{ field: "details", op: "contains", value: "invited.person" }] };
    for (const key of [keys.viewer, keys.member]) {
      const res = await callRoute(previewRoute, { key, body: { definition: byEmail } });
      expect(res).toMatchObject({
        status: 403,
        body: { error: { code: "forbidden", param: "definition.filters.0.op" } },
      });
      const presence = await callRoute(previewRoute, {
        key,
        body: { definition: { ...definition, filters: [{ field: "details", op: "is_not_empty" }] } },
      });
      expect(presence.status).toBe(200);
    }
    const admin = await callRoute(previewRoute, { key: keys.admin, body: { definition: byEmail } });
    expect(admin.status).toBe(200);
    expect((admin.body as { rows: unknown[] }).rows).toHaveLength(1);
  });
});
