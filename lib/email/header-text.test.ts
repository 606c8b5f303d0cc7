import { describe, expect, it } from "vitest";
import { PATCH as patchSchedule } from "@/app/api/schedules/[id]/route";
import { POST as postSchedule } from "@/app/api/schedules/route";
import { POST as postInvite } from "@/app/api/team/invites/route";
import { callRoute, testApiKey } from "../../testing/api";
import { scratchWorkspace } from "../../testing/workspaces";
import { ROLES } from "../roles";
import { seeded } from "../../testing/db";
import { db } from "../db";
import { headerSafe } from "./header-text";
import { sendEmail } from "./send";

seeded();
const scratch = await scratchWorkspace({ roles: ROLES });
const ws = scratch.workspace;
const { secret } = await testApiKey(ws.id, scratch.people.admin.email, "admin", "admin");
const report = await db.report.create({
  data: {
    workspaceId: ws.id,
    name: "Header test",
    dataset: "usage_events",
    definition: JSON.stringify({ version: 1, dataset: "usage_events", columns: ["event_type"] }),
    createdBy: scratch.people.admin.email,
  },
});

// Each of these characters, anywhere in a value (the ends included), is refused with a 422.
// NUL is refused earlier, with every JSON body (a 400 naming the same field).
const FORBIDDEN = ["\u0001", "\t", "\n", "\r", "\u001B", "\u007F", "\u0085", "\u009F", "\u2028", "\u2029"];

const schedule = (overrides: Record<string, unknown>) => ({
  name: "Header check",
  reportId: report.id,
  cron: "0 9 * * 1",
  timezone: "UTC",
  formats: ["csv"],
  recipients: ["ok@example.com"],
  ...overrides,
});

describe("mail header fields", () => {
  it("refuse every control and line-separator character in schedule recipients with a 422 naming the recipient", async () => {
    for (const ch of FORBIDDEN) {
      for (const address of [`a${ch}b@example.com`, `ab@example.com${ch}`]) {
        const res = await callRoute(postSchedule, {
          key: secret,
          body: schedule({ recipients: ["ok@example.com", address] }),
        });
        expect(res.status, JSON.stringify(address)).toBe(422);
        expect(res.body).toMatchObject({ error: { code: "unprocessable", param: "recipients.1" } });
      }
    }
  });

  it("refuse NUL like every JSON body does, naming the recipient", async () => {
    const res = await callRoute(postSchedule, {
      key: secret,
      body: schedule({ recipients: ["ok@example.com", "a\u0000b@example.com"] }),
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: "invalid_parameter", param: "recipients.1" } });
  });

  it("refuse them in subjects, on create and on change", async () => {
    for (const ch of FORBIDDEN) {
      const res = await callRoute(postSchedule, {
        key: secret,
        body: schedule({ subjectTemplate: `Report${ch}Bcc: x@evil.test` }),
      });
      expect(res.status, JSON.stringify(ch)).toBe(422);
      expect(res.body).toMatchObject({ error: { code: "unprocessable", param: "subjectTemplate" } });
    }
    const created = await callRoute(postSchedule, {
      key: secret,
      body: schedule({ subjectTemplate: "Plain {{report}}" }),
    });
    expect(created.status).toBe(201);
    const id = (created.body as { schedule: { id: string } }).schedule.id;
    const patched = await callRoute(patchSchedule, {
      key: secret,
      method: "PATCH",
      params: { id },
      body: { subjectTemplate: "New\u2028subject", recipients: ["x@example.com\u0085"] },
    });
    expect(patched.status).toBe(422);
    expect((patched.body as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path)).toEqual([
      "recipients.0",
      "subjectTemplate",
    ]);
  });

  it("refuse them in invite addresses", async () => {
    for (const ch of FORBIDDEN) {
      const res = await callRoute(postInvite, { key: secret, body: { email: `new${ch}@example.com` } });
      expect(res.status, JSON.stringify(ch)).toBe(422);
      expect(res.body).toMatchObject({ error: { code: "unprocessable", param: "email" } });
    }
  });

  it("keep stored names out of headers when a subject is built from them", async () => {
    expect(headerSafe("Report\r\nBcc: x\u0085y\u2028z\u0000")).toBe("Report Bcc: x y z ");
    const key = `header-${Date.now()}`;
    await sendEmail({
      workspaceId: ws.id,
      to: "ok@example.com",
      subject: "Name\u0085with\u2028breaks",
      html: "",
      text: "",
      idempotencyKey: key,
    });
    const kept = await db.outboxEmail.findFirstOrThrow({ where: { idempotencyKey: key } });
    expect(kept.subject).toBe("Name with breaks");
  });
});
