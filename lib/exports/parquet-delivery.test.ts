import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as exportRoute } from "@/app/api/reports/[id]/export/route";
import { GET as signedFileRoute } from "@/app/api/exports/[id]/file/route";
import { db } from "../db";
import { connection } from "../db/connection";
import { ROLES } from "../roles";
import { dispatchDue } from "../schedules/dispatch";
import { createSchedule } from "../schedules/service";
import { testApiKey } from "../../testing/api";
import { readCsv } from "../../testing/export-readers";
import { parquetCsvDifferences, readParquet } from "../../testing/parquet-reader";
import { ResendStandIn } from "../../testing/resend-server";
import { startS3 } from "../../testing/s3";
import { WebhookReceiver } from "../../testing/webhook-receiver";
import { scratchWorkspace } from "../../testing/workspaces";
import { createExportJob, findJob } from "./jobs";
import { exportStorage } from "./storage";
import { runJob } from "./worker";
import { claimExportJob } from "../../testing/exports";

/**
 * Parquet through every way a file leaves Chartroom: the streamed download, a background
 * export job, and a schedule's run (e-mail attachment, S3 bucket, webhook link). DuckDB
 * reads each file.
 */
const resend = new ResendStandIn();
const hooks = new WebhookReceiver();
let s3: Awaited<ReturnType<typeof startS3>>;
const saved = { ...process.env };
const BUCKET = "parquet-reports";
let scratch: Awaited<ReturnType<typeof scratchWorkspace<(typeof ROLES)[number]>>>;

beforeAll(async () => {
  process.env.RESEND_BASE_URL = await resend.start();
  process.env.RESEND_API_KEY = "re_test_key";
  process.env.CHARTROOM_EMAIL_BACKOFF_MS = "5";
  process.env.CHARTROOM_LOG = "off";
  process.env.CHARTROOM_OUTBOUND_ALLOW_PRIVATE = "true";
  process.env.CHARTROOM_RATE_EXPORTS_PER_USER = "1000000";
  process.env.CHARTROOM_RATE_EXPORTS_PER_WORKSPACE = "1000000";
  s3 = await startS3(BUCKET);
  await hooks.start();
  scratch = await scratchWorkspace({ label: "parquet-out", roles: ROLES, events: 2500, timezone: "America/New_York" });
});

afterAll(async () => {
  process.env = saved;
  await Promise.all([resend.stop(), hooks.stop()]);
  await s3.stop();
  await db.workspace.delete({ where: { id: scratch.workspace.id } });
});

const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());

async function stored(key: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of await exportStorage().open(key)) chunks.push(c as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

describe("Parquet files leave Chartroom every way a file does", () => {
  it("streamed download: typed, not compressed on the way, equal to the CSV of the same report", async () => {
    const report = await scratch.report("user_activity");
    const key = (await testApiKey(scratch.workspace.id, scratch.people.owner.email, "viewer")).secret;
    const admin = (await testApiKey(scratch.workspace.id, scratch.people.owner.email, "admin")).secret;
    const get = (format: string, as = key, query = "") =>
      exportRoute(
        new NextRequest(`http://localhost/api/reports/${report.id}/export?format=${format}${query}`, {
          headers: { Authorization: `Bearer ${as}` },
        }),
        { params: Promise.resolve({ id: report.id }) },
      );
    const res = await get("parquet");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.apache.parquet");
    expect(res.headers.get("cache-control")).toBe("no-store, no-transform");
    expect(res.headers.get("content-disposition")).toMatch(/\.parquet"/);
    const parquet = await readParquet(await bytesOf(res));
    const csv = readCsv(await bytesOf(await get("csv")));
    expect(parquet.rows.length).toBeGreaterThan(10);
    expect(parquet.columns.map((c) => c.type)).toEqual([
      "VARCHAR",
      "VARCHAR",
      "BIGINT",
      "BIGINT",
      "BIGINT",
      "DECIMAL(18,2)",
    ]);
    expect(parquetCsvDifferences(parquet, csv)).toEqual([]);
    // A viewer's file is masked: none of its user IDs is one the admin's raw file shows.
    const raw = await readParquet(await bytesOf(await get("parquet", admin, "&redaction=raw")));
    const stored = new Set(raw.rows.map((r) => r[0]));
    expect(stored.size).toBeGreaterThan(10);
    expect(parquet.rows.filter((r) => stored.has(r[0]))).toEqual([]);
  });

  it("background export job: the stored file is Parquet and counts every row", async () => {
    const definition = {
      dataset: "usage_events",
      columns: ["occurred_at", "event_type", "user_id", "duration_ms", "revenue"],
      timeRange: { type: "relative", preset: "last_30_days" },
      limit: 2000,
    };
    const queued = await createExportJob(
      { workspaceId: scratch.workspace.id, timezone: "America/New_York", actor: scratch.people.owner.email },
      { definition, name: "Parquet job", format: "parquet", options: { bom: false, template: "detailed" } },
    );
    await runJob(await claimExportJob(queued.id, "parquet-test"), connection(), "parquet-test");
    const done = await findJob(scratch.workspace.id, queued.id);
    expect(done.status).toBe("succeeded");
    expect(done.storageKey).toMatch(/\.parquet$/);
    const parquet = await readParquet(await stored(done.storageKey!));
    expect(parquet.rows.length).toBe(done.rowCount);
    expect(done.rowCount).toBe(2000);
    expect(parquet.columns.map((c) => c.type)).toEqual([
      "TIMESTAMP WITH TIME ZONE",
      "VARCHAR",
      "VARCHAR",
      "INTEGER",
      "DECIMAL(18,2)",
    ]);
  });

  it("a schedule's run: the e-mail attachment, the bucket object and the webhook's link are one Parquet file", async () => {
    const report = await scratch.report("usage_summary");
    const id = Math.random().toString(36).slice(2, 8);
    const address = `parquet-${id}@example.com`;
    const path = `/hooks/${id}`;
    const created = await createSchedule(scratch.workspace.id, scratch.people.owner.email, {
      name: `Parquet ${id}`,
      reportId: report.id,
      cron: "0 9 * * *",
      timezone: "America/New_York",
      formats: ["parquet"],
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
          endpoint: s3.config.endpoint!,
          forcePathStyle: true,
          keyPrefix: `runs/${id}/{format}/`,
          accessKeyId: "S3RVER",
          secretAccessKey: "S3RVER",
          sse: "none",
        },
        { kind: "webhook", url: `${hooks.url}${path}` },
      ],
    });
    const webhook = created.destinations.find((d) => d.kind === "webhook")!;
    hooks.secretFor(path, created.secrets.find((s) => s.destinationId === webhook.id)!.secret);
    await dispatchDue({
      now: new Date(new Date(created.nextRunAt!).getTime() + 1000),
      workspaceIds: [scratch.workspace.id],
    });
    const run = await db.scheduleRun.findFirstOrThrow({ where: { scheduleId: created.id } });
    expect(run.status).toBe("succeeded");

    const [email] = resend.deliveredTo(address);
    expect(email.attachments).toHaveLength(1);
    const attachment = email.attachments[0];
    expect(attachment.filename).toMatch(/\.parquet$/);
    const fromMail = await readParquet(new Uint8Array(attachment.content));
    expect(fromMail.rows.length).toBeGreaterThan(0);
    expect(fromMail.columns[0].type).toBe("DATE");

    const client = new S3Client({ ...s3.config, maxAttempts: 1 });
    const object = await client.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: `runs/${id}/parquet/${attachment.filename}` }),
    );
    const fromBucket = Buffer.from(await object.Body!.transformToByteArray());
    client.destroy();
    expect(fromBucket.equals(attachment.content)).toBe(true);

    const [hook] = hooks.delivered(path);
    const files = (hook.body as { data: { files: { url: string; format: string }[] } }).data.files;
    expect(files.map((f) => f.format)).toEqual(["parquet"]);
    const link = new URL(files[0].url);
    const jobId = link.pathname.split("/")[3];
    const res = await signedFileRoute(new NextRequest(new URL(`${link.pathname}${link.search}`, "http://localhost")), {
      params: Promise.resolve({ id: jobId }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.apache.parquet");
    expect(Buffer.from(await res.arrayBuffer()).equals(attachment.content)).toBe(true);
    expect((await readParquet(new Uint8Array(fromBucket))).rows).toEqual(fromMail.rows);
  });
});
