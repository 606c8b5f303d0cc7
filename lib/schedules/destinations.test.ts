import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../db";
import { verifyExportLink } from "../exports/signed-links";
import { FaultProxy } from "../../testing/fault-proxy";
import { ResendStandIn } from "../../testing/resend-server";
import { startS3 } from "../../testing/s3";
import { WebhookReceiver } from "../../testing/webhook-receiver";
import { scratchWorkspace } from "../../testing/workspaces";
import { dispatchDue, runNow } from "./dispatch";
import { objectKey } from "./destination-s3";
import { rotateWebhookSecret } from "./destinations";
import { sendTest } from "./destination-test";
import { createSchedule, getSchedule, listRuns, updateSchedule } from "./service";

const resend = new ResendStandIn();
const hooks = new WebhookReceiver();
let s3: Awaited<ReturnType<typeof startS3>>;
let proxy: FaultProxy;
const saved = { ...process.env };
const BUCKET = "delivered-reports";

beforeAll(async () => {
  process.env.RESEND_BASE_URL = await resend.start();
  process.env.RESEND_API_KEY = "re_test_key";
  process.env.CHARTROOM_EMAIL_BACKOFF_MS = "5";
  process.env.CHARTROOM_SCHEDULE_RETRY_MS = "0";
  process.env.CHARTROOM_LOG = "off";
  process.env.CHARTROOM_OUTBOUND_ALLOW_PRIVATE = "true";
  s3 = await startS3(BUCKET);
  proxy = new FaultProxy(s3.config.endpoint!);
  await proxy.start();
  await hooks.start();
});

afterAll(async () => {
  process.env = saved;
  await Promise.all([resend.stop(), hooks.stop(), proxy.stop()]);
  await s3.stop();
});

beforeEach(() => {
  process.env.CHARTROOM_OUTBOUND_ALLOW_PRIVATE = "true";
  delete process.env.CHARTROOM_SCHEDULE_RUN_ATTEMPTS;
  delete process.env.CHARTROOM_SCHEDULE_PAUSE_AFTER;
});

const tag = () => Math.random().toString(36).slice(2, 8);

/** Reads an object back with the SDK straight from s3rver (not through the proxy). */
async function readObject(key: string): Promise<Buffer> {
  const client = new S3Client({ ...s3.config, maxAttempts: 1 });
  const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  const bytes = Buffer.from(await object.Body!.transformToByteArray());
  client.destroy();
  return bytes;
}

/** A daily schedule with one e-mail recipient, a bucket (through the proxy) and a webhook. */
async function threeWays(options: { accessKeyId?: string; formats?: ("pdf" | "csv")[] } = {}) {
  const t = await scratchWorkspace({ events: 1500, timezone: "America/New_York" });
  const report = await t.report("usage_summary");
  const id = tag();
  const address = `dest-${id}@example.com`;
  const path = `/hooks/${id}`;
  const created = await createSchedule(t.workspace.id, t.people.owner.email, {
    name: `Daily ${id}`,
    reportId: report.id,
    cron: "0 9 * * *",
    timezone: "America/New_York",
    formats: options.formats ?? ["csv"],
    delivery: "attachment",
    recipients: [address],
    subjectTemplate: "{{report}} for {{date}}",
    skipIfEmpty: false,
    active: true,
    destinations: [
      {
        kind: "s3",
        bucket: BUCKET,
        region: "us-east-1",
        endpoint: proxy.url,
        forcePathStyle: true,
        keyPrefix: `runs/${id}/{schedule}/{date}/{format}/`,
        accessKeyId: options.accessKeyId ?? "S3RVER",
        secretAccessKey: "S3RVER",
        sse: "AES256",
      },
      { kind: "webhook", url: `${hooks.url}${path}` },
    ],
  });
  const webhook = created.destinations.find((d) => d.kind === "webhook")!;
  const secret = created.secrets.find((s) => s.destinationId === webhook.id)!.secret;
  hooks.secretFor(path, secret);
  const due = new Date(created.nextRunAt!);
  return { ...t, id, address, path, schedule: created, webhook, due, prefix: `/${BUCKET}/runs/${id}/` };
}

const deliveriesOf = async (scheduleId: string) => {
  const runs = await db.scheduleRun.findMany({ where: { scheduleId }, include: { deliveries: true } });
  return { runs, byKind: (kind: string) => runs.flatMap((r) => r.deliveries.filter((d) => d.kind === kind)) };
};

describe("destinations", () => {
  it("deliver one run by e-mail, to a bucket and to a signed webhook, the same file everywhere", async () => {
    const t = await threeWays();
    await dispatchDue({ now: new Date(t.due.getTime() + 1000), workspaceIds: [t.workspace.id] });
    const { runs, byKind } = await deliveriesOf(t.schedule.id);
    expect(runs).toHaveLength(1);
    expect(runs[0].status).toBe("succeeded");
    for (const kind of ["email", "s3", "webhook"])
      expect(byKind(kind)[0]).toMatchObject({ status: "sent", attempts: 1 });

    // The bucket holds the e-mailed attachment byte for byte, under the rendered prefix.
    const [email] = resend.deliveredTo(t.address);
    const attachment = email.attachments[0];
    const key = `runs/${t.id}/Daily ${t.id}/${email.subject.split(" for ")[1]}/csv/${attachment.filename}`;
    expect(byKind("s3")[0].detail).toBe(`s3://${BUCKET}/${key}`);
    expect((await readObject(key)).equals(attachment.content)).toBe(true);
    expect(proxy.puts(t.prefix)).toHaveLength(1);

    // The webhook was verified by the standardwebhooks package and carries the run.
    const [hook] = hooks.delivered(t.path);
    expect(hooks.to(t.path)).toHaveLength(1);
    expect(hook.id).toBe(byKind("webhook")[0].id);
    const body = hook.body as {
      type: string;
      data: {
        deliveryId: string;
        run: { id: string };
        report: { name: string };
        period: { from: string; to: string };
        headline: { label: string; value: string }[];
        files: { url: string; format: string }[];
      };
    };
    expect(body.type).toBe("schedule.run.delivered");
    expect(body.data).toMatchObject({
      deliveryId: hook.id,
      run: { id: runs[0].id },
      report: { name: "Usage Summary" },
    });
    expect(body.data.headline.length).toBeGreaterThan(0);
    // The same headline figures as the e-mail.
    for (const kpi of body.data.headline) expect(email.html).toContain(kpi.value);
    const link = new URL(body.data.files[0].url);
    const job = await verifyExportLink(link.pathname.split("/")[3], {
      expires: link.searchParams.get("expires")!,
      sig: link.searchParams.get("sig")!,
    });
    expect(job.workspaceId).toBe(t.workspace.id);
    expect(Number(link.searchParams.get("expires")) * 1000 - Date.now()).toBeGreaterThan(23.9 * 3_600_000);

    // The run history shows one row per destination, with what was sent.
    const [view] = await listRuns(t.workspace.id, t.schedule.id);
    expect(view.deliveries.map((d) => [d.kind, d.status])).toEqual([
      ["email", "sent"],
      ["s3", "sent"],
      ["webhook", "sent"],
    ]);
    expect(view.deliveries[2].recipient).toBe(`${hooks.url}${t.path}`);
  });

  it("a webhook that fails is retried alone, with the same webhook-id, until it answers 2xx", async () => {
    const t = await threeWays();
    // Three failures use up the in-run tries; the run waits for its next attempt.
    hooks.failNext(t.path, 3, 503);
    await dispatchDue({ now: new Date(t.due.getTime() + 1000), workspaceIds: [t.workspace.id] });
    let { runs, byKind } = await deliveriesOf(t.schedule.id);
    expect(runs[0].status).toBe("retrying");
    expect(byKind("webhook")[0]).toMatchObject({ status: "failed", attempts: 3 });
    expect(byKind("webhook")[0].lastError).toMatch(/503/);
    await dispatchDue({ now: new Date(t.due.getTime() + 61_000), workspaceIds: [t.workspace.id] });
    ({ runs, byKind } = await deliveriesOf(t.schedule.id));
    expect(runs[0]).toMatchObject({ status: "succeeded", attempts: 2 });
    expect(byKind("webhook")[0]).toMatchObject({ status: "sent", attempts: 4 });
    const ids = hooks.to(t.path).map((r) => r.id);
    expect(ids).toHaveLength(4);
    expect(new Set(ids)).toEqual(new Set([byKind("webhook")[0].id]));
    expect(hooks.delivered(t.path)).toHaveLength(1);
    // Only the webhook was tried again: one e-mail, one bucket write.
    expect(resend.requests.filter((r) => r.to.includes(t.address))).toHaveLength(1);
    expect(proxy.puts(t.prefix)).toHaveLength(1);
    expect(byKind("s3")[0].attempts).toBe(1);
  });

  it("a bucket that fails is retried alone and the retry writes the same key", async () => {
    const t = await threeWays();
    // s3rver itself answers 503 SlowDown for the next three writes (the only requests made).
    proxy.failNext(3, 503, "SlowDown");
    await dispatchDue({ now: new Date(t.due.getTime() + 1000), workspaceIds: [t.workspace.id] });
    let { runs, byKind } = await deliveriesOf(t.schedule.id);
    expect(runs[0].status).toBe("retrying");
    expect(byKind("s3")[0]).toMatchObject({ status: "failed", attempts: 3 });
    await dispatchDue({ now: new Date(t.due.getTime() + 61_000), workspaceIds: [t.workspace.id] });
    ({ runs, byKind } = await deliveriesOf(t.schedule.id));
    expect(runs[0].status).toBe("succeeded");
    expect(byKind("s3")[0]).toMatchObject({ status: "sent", attempts: 4 });
    const puts = proxy.puts(t.prefix);
    expect(puts.map((p) => p.status)).toEqual([503, 503, 503, 200]);
    expect(new Set(puts.map((p) => p.path)).size).toBe(1);
    expect(hooks.to(t.path)).toHaveLength(1);
    expect(resend.requests.filter((r) => r.to.includes(t.address))).toHaveLength(1);
  });

  it("permanent failures are not retried and alert the owner; repeated ones pause that destination only", async () => {
    process.env.CHARTROOM_SCHEDULE_PAUSE_AFTER = "2";
    const t = await threeWays({ accessKeyId: "NOT-A-KEY" });
    hooks.failNext(t.path, 2, 410);
    await dispatchDue({ now: new Date(t.due.getTime() + 1000), workspaceIds: [t.workspace.id] });
    const { runs, byKind } = await deliveriesOf(t.schedule.id);
    expect(runs[0].status).toBe("partial");
    expect(byKind("webhook")[0]).toMatchObject({ status: "rejected", attempts: 1 });
    expect(byKind("s3")[0]).toMatchObject({ status: "rejected", attempts: 1 });
    expect(byKind("s3")[0].lastError).toMatch(/SignatureDoesNotMatch|InvalidAccessKeyId|403/);
    expect(byKind("email")[0].status).toBe("sent");
    const alerts = resend.deliveredTo(t.people.owner.email);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].subject).toContain("A destination of schedule");
    expect(alerts[0].html).toContain("410");

    // A second failed run pauses both destinations; the schedule and its e-mail go on.
    const next = (await db.schedule.findUniqueOrThrow({ where: { id: t.schedule.id } })).nextRunAt!;
    await dispatchDue({ now: new Date(next.getTime() + 1000), workspaceIds: [t.workspace.id] });
    const view = await getSchedule(t.workspace.id, t.schedule.id);
    expect(view.active).toBe(true);
    expect(view.destinations.map((d) => [d.kind, d.active])).toEqual([
      ["s3", false],
      ["webhook", false],
    ]);
    expect(view.destinations[1].pausedReason).toMatch(/Paused after 2 failed runs/);
    const notes = await db.notification.findMany({ where: { workspaceId: t.workspace.id } });
    expect(notes.map((n) => n.kind).sort()).toEqual(["destination.failed", "destination.paused"]);
    // A third run only e-mails.
    const third = (await db.schedule.findUniqueOrThrow({ where: { id: t.schedule.id } })).nextRunAt!;
    await dispatchDue({ now: new Date(third.getTime() + 1000), workspaceIds: [t.workspace.id] });
    expect(hooks.to(t.path)).toHaveLength(2);
    expect(resend.deliveredTo(t.address)).toHaveLength(3);
  });

  it("two dispatches at once record one success per destination", async () => {
    const t = await threeWays();
    const scope = { now: new Date(t.due.getTime() + 1000), workspaceIds: [t.workspace.id] };
    await Promise.all([
      dispatchDue({ ...scope, instanceId: "instance-a" }),
      dispatchDue({ ...scope, instanceId: "instance-b" }),
    ]);
    const { runs, byKind } = await deliveriesOf(t.schedule.id);
    expect(runs).toHaveLength(1);
    for (const kind of ["email", "s3", "webhook"]) {
      expect(byKind(kind)).toHaveLength(1);
      expect(byKind(kind)[0].status).toBe("sent");
    }
    expect(hooks.to(t.path)).toHaveLength(1);
    expect(proxy.puts(t.prefix)).toHaveLength(1);
    expect(resend.deliveredTo(t.address)).toHaveLength(1);
  });

  it("a redirect is not followed and counts as a permanent failure", async () => {
    const t = await threeWays();
    hooks.failNext(t.path, 1, 302, { location: `${hooks.url}/elsewhere` });
    const { done } = await runNow(t.workspace.id, t.schedule.id);
    expect(await done).toBe("partial");
    const { byKind } = await deliveriesOf(t.schedule.id);
    expect(byKind("webhook")[0]).toMatchObject({ status: "rejected", attempts: 1 });
    expect(byKind("webhook")[0].lastError).toMatch(/302.*not followed/);
    expect(hooks.to("/elsewhere")).toHaveLength(0);
  });

  it("internal targets are refused without the instance setting, when saved and when delivered", async () => {
    const t = await threeWays();
    process.env.CHARTROOM_OUTBOUND_ALLOW_PRIVATE = "false";
    for (const url of [
      "http://127.0.0.1:9/x",
      "http://[::ffff:127.0.0.1]/",
      "http://2130706433/",
      "http://169.254.169.254/",
    ]) {
      await expect(
        updateSchedule(t.workspace.id, t.schedule.id, { destinations: [{ kind: "webhook", url }] }),
      ).rejects.toMatchObject({ code: "unprocessable", param: "destinations.0.url" });
    }
    // Saved while allowed, delivered after the setting went off: refused at send time.
    const { done } = await runNow(t.workspace.id, t.schedule.id);
    expect(await done).toBe("partial");
    const { byKind } = await deliveriesOf(t.schedule.id);
    expect(byKind("webhook")[0].lastError).toMatch(/internal address/);
    expect(byKind("s3")[0].lastError).toMatch(/internal address/);
    expect(hooks.to(t.path)).toHaveLength(0);
  });

  it("keeps secrets sealed, never returns them, and a rotated secret replaces the old one", async () => {
    const t = await threeWays();
    const row = await db.scheduleDestination.findFirstOrThrow({ where: { id: t.webhook.id } });
    const original = t.schedule.secrets[0].secret;
    expect(original).toMatch(/^whsec_/);
    expect(row.secretSealed).not.toContain(original.slice(6, 20));
    const s3row = await db.scheduleDestination.findFirstOrThrow({ where: { scheduleId: t.schedule.id, kind: "s3" } });
    expect(s3row.secretSealed).not.toContain("S3RVER");
    const view = JSON.stringify(await getSchedule(t.workspace.id, t.schedule.id));
    expect(view).not.toContain(original);
    expect(view).not.toMatch(/secretAccessKey|secretSealed/);

    const { secret } = await rotateWebhookSecret(t.workspace.id, t.schedule.id, t.webhook.id);
    expect(secret).not.toBe(original);
    // The receiver still knows the old secret: the test message no longer verifies.
    expect((await sendTest(t.workspace.id, t.schedule.id, t.webhook.id)).ok).toBe(false);
    hooks.secretFor(t.path, secret);
    const result = await sendTest(t.workspace.id, t.schedule.id, t.webhook.id);
    expect(result).toMatchObject({ ok: true });
    expect(hooks.delivered(t.path)).toHaveLength(1);
    expect((hooks.delivered(t.path)[0].body as { type: string }).type).toBe("chartroom.test");
    // Send test for the bucket writes a small object under the prefix; for e-mail, one e-mail.
    const bucket = await sendTest(t.workspace.id, t.schedule.id, t.schedule.destinations[0].id);
    expect(bucket.ok).toBe(true);
    const key = bucket.message.replace(`Wrote s3://${BUCKET}/`, "");
    expect((await readObject(key)).toString()).toContain("A test from Chartroom");
    expect(await sendTest(t.workspace.id, t.schedule.id, "email")).toMatchObject({ ok: true });
    expect(resend.deliveredTo(t.address)[0].subject).toContain("Test of schedule");
    // Nothing of this is a run.
    expect(await db.scheduleRun.count({ where: { scheduleId: t.schedule.id } })).toBe(0);
  });

  it("renders a key prefix's placeholders as single safe segments", () => {
    const key = objectKey(
      "out/{schedule}/{report}/{date}/{format}/",
      { schedule: "../Ops/daily\nrun", report: "Usage  Summary", date: "2026-12-01" },
      { format: "csv", name: "usage.csv" },
    );
    expect(key).toBe("out/..-Ops-daily-run/Usage Summary/2026-12-01/csv/usage.csv");
    expect(key.split("/")).not.toContain("..");
  });
});
