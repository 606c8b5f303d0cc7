import { simpleParser } from "mailparser";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ResendStandIn } from "../../testing/resend-server";
import { SmtpStandIn } from "../../testing/smtp-server";
import { solidPng } from "../../testing/images";
import { scratchWorkspace } from "../../testing/workspaces";
import { db } from "../db";
import type { OutboxAttachment } from "../email/outbox-files";
import { getOutboxEmail, listOutbox } from "../email/outbox";
import { setWorkspaceLogo } from "../exports/logo-store";
import { LOGO_CONTENT_ID } from "./compose";
import { runNow } from "./dispatch";
import { createSchedule } from "./service";

/**
 * The report e-mail's logo travels as an inline part named by its Content-ID, not as a
 * `data:` URL that many mail clients block, whichever transport carries it. Each transport is
 * read back by something independent of the sending code: a real SMTP server with mailparser,
 * the Resend stand-in's record of the API request, the outbox's stored row.
 */
const smtp = new SmtpStandIn();
const resend = new ResendStandIn();
const saved = { ...process.env };
let smtpPort = 0;
let resendUrl = "";
const LOGO = solidPng(30, 10, [200, 10, 10]);

beforeAll(async () => {
  smtpPort = await smtp.start();
  resendUrl = await resend.start();
  process.env.CHARTROOM_LOG = "off";
});

beforeEach(() => {
  for (const name of ["CHARTROOM_MAIL_TRANSPORT", "RESEND_API_KEY", "RESEND_BASE_URL", "CHARTROOM_SMTP_HOST"])
    delete process.env[name];
});

afterAll(async () => {
  process.env = saved;
  await smtp.stop();
  await resend.stop();
});

/** Runs a CSV schedule of a workspace with a logo once, to a fresh address, and returns it. */
async function runWithLogo(label: string): Promise<{ workspaceId: string; to: string }> {
  const t = await scratchWorkspace({ label, events: 50 });
  await setWorkspaceLogo(t.workspace.id, LOGO);
  const to = `logo-${label}-${t.workspace.slug}@example.com`;
  const schedule = await createSchedule(t.workspace.id, t.people.owner.email, {
    name: "With logo",
    reportId: (await t.report("usage_summary")).id,
    cron: "0 9 * * *",
    timezone: "UTC",
    formats: ["csv"],
    delivery: "attachment",
    recipients: [to],
    subjectTemplate: "{{report}}",
    skipIfEmpty: false,
    active: true,
  });
  const { done } = await runNow(t.workspace.id, schedule.id);
  expect(await done).toBe("succeeded");
  return { workspaceId: t.workspace.id, to };
}

describe("the report e-mail's logo is an inline part", () => {
  it("over SMTP: the HTML shows cid:, and the part with that Content-ID holds the logo's bytes, inline", async () => {
    process.env.CHARTROOM_MAIL_TRANSPORT = "smtp";
    process.env.CHARTROOM_SMTP_HOST = "127.0.0.1";
    process.env.CHARTROOM_SMTP_PORT = String(smtpPort);
    process.env.CHARTROOM_SMTP_TLS = "none";
    const { to } = await runWithLogo("smtp");
    const { raw } = await smtp.waitFor(to);
    // mailparser swaps cid: for data: unless told to keep what the message says.
    const parsed = await simpleParser(raw, { keepCidLinks: true });

    expect(parsed.html).toContain(`src="cid:${LOGO_CONTENT_ID}"`);
    expect(parsed.html).not.toContain("data:image");
    const logo = parsed.attachments.find((a) => a.cid === LOGO_CONTENT_ID);
    expect(logo, parsed.attachments.map((a) => `${a.filename} ${a.cid}`).join(", ")).toBeDefined();
    expect(Buffer.compare(logo!.content, LOGO)).toBe(0);
    expect(logo!.contentType).toBe("image/png");
    expect(logo!.contentDisposition).toBe("inline");
    // Beside the HTML it illustrates (multipart/related), while the CSV stays a file to download.
    expect(raw).toMatch(/Content-Type: multipart\/related/i);
    const csv = parsed.attachments.find((a) => a.filename?.endsWith(".csv"));
    expect(csv?.contentDisposition).toBe("attachment");
    expect(csv?.cid).toBeUndefined();
  });

  it("through Resend: the API request carries the logo's bytes with its content_id, which the HTML names", async () => {
    process.env.RESEND_BASE_URL = resendUrl;
    process.env.RESEND_API_KEY = "re_test_key";
    process.env.CHARTROOM_MAIL_TRANSPORT = "resend";
    const { to } = await runWithLogo("resend");
    const [email] = resend.deliveredTo(to);

    expect(email.html).toContain(`src="cid:${LOGO_CONTENT_ID}"`);
    expect(email.html).not.toContain("data:image");
    const logo = email.attachments.find((a) => a.contentId === LOGO_CONTENT_ID);
    expect(logo).toMatchObject({ filename: "logo.png", contentType: "image/png" });
    expect(Buffer.compare(logo!.content, LOGO)).toBe(0);
    expect(email.attachments.filter((a) => a.contentId === undefined).map((a) => a.filename.split(".").pop())).toEqual([
      "csv",
    ]);
  });

  it("in the outbox: kept as a part with its Content-ID, drawn in the HTML shown, not listed as a file", async () => {
    process.env.CHARTROOM_MAIL_TRANSPORT = "outbox";
    const { workspaceId, to } = await runWithLogo("outbox");
    const row = await db.outboxEmail.findFirstOrThrow({ where: { workspaceId, toAddress: to } });

    // The kept row is the e-mail as sent: cid: in the HTML, the logo a part of its own.
    expect(row.html).toContain(`src="cid:${LOGO_CONTENT_ID}"`);
    const parts = JSON.parse(row.attachments) as OutboxAttachment[];
    expect(parts.find((p) => p.contentId === LOGO_CONTENT_ID)).toMatchObject({
      contentType: "image/png",
      size: LOGO.length,
    });

    // The outbox shows it in a browser frame, which cannot resolve cid:, so the logo is drawn from the kept part.
    const shown = await getOutboxEmail(workspaceId, row.id);
    expect(shown!.html).not.toContain("cid:");
    expect(shown!.html).toContain(`src="data:image/png;base64,${LOGO.toString("base64")}"`);
    expect(shown!.attachments.map((a) => a.filename.split(".").pop())).toEqual(["csv"]);
    const [listed] = await listOutbox(workspaceId);
    expect(listed.attachments.map((a) => a.filename.split(".").pop())).toEqual(["csv"]);
  });
});
