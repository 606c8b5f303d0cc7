import { GetObjectCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as attachmentRoute } from "@/app/api/outbox/[id]/attachments/[index]/route";
import { db } from "../db";
import { cleanupExpiredExports } from "../exports/cleanup";
import { exportStorage } from "../exports/storage";
import { runNow } from "../schedules/dispatch";
import { createSchedule } from "../schedules/service";
import { testApiKey } from "../../testing/api";
import { startS3 } from "../../testing/s3";
import { scratchWorkspace } from "../../testing/workspaces";
import type { OutboxAttachment } from "./outbox-files";
import { outboxMailPerTestStorage } from "../../testing/outbox-env";

outboxMailPerTestStorage();

async function bytes(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/**
 * Runs a schedule that attaches its CSV, so the e-mail lands in the outbox, and returns the
 * kept attachment, the export file it was made from, and a downloader for the attachment.
 */
async function keptAttachment() {
  const t = await scratchWorkspace({ label: "outbox-files", roles: ["owner"], events: 300 });
  const report = await t.report("usage_summary");
  const schedule = await createSchedule(t.workspace.id, t.people.owner.email, {
    name: "Attached",
    reportId: report.id,
    cron: "0 9 * * *",
    timezone: "UTC",
    formats: ["csv"],
    delivery: "attachment",
    recipients: ["kept@example.com"],
    subjectTemplate: "{{report}}",
    skipIfEmpty: false,
    active: true,
  });
  const { done } = await runNow(t.workspace.id, schedule.id);
  expect(await done).toBe("succeeded");
  const kept = await db.outboxEmail.findFirstOrThrow({ where: { workspaceId: t.workspace.id } });
  const [attachment] = JSON.parse(kept.attachments) as OutboxAttachment[];
  const job = await db.exportJob.findFirstOrThrow({ where: { workspaceId: t.workspace.id, status: "succeeded" } });
  const exported = await bytes(await exportStorage().open(job.storageKey!));
  const { secret } = await testApiKey(t.workspace.id, t.people.owner.email, "admin");
  const download = () =>
    attachmentRoute(
      new NextRequest("http://localhost/api/outbox", { headers: { Authorization: `Bearer ${secret}` } }),
      { params: Promise.resolve({ id: kept.id, index: "0" }) },
    );
  // The run's export expires: cleanup removes its file, and must leave the outbox's copy alone.
  const expireExport = async () => {
    await db.exportJob.update({ where: { id: job.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await cleanupExpiredExports();
    expect(await exportStorage().size(job.storageKey!)).toBeNull();
  };
  return { attachment, exported, download, expireExport };
}

describe("outbox attachments in the export storage", () => {
  it("on local disk: a file under outbox/, streamed back byte for byte with its length, kept by export cleanup", async () => {
    const dir = mkdtempSync(join(tmpdir(), "chartroom-outbox-"));
    try {
      process.env.CHARTROOM_EXPORT_DIR = dir;
      const { attachment, exported, download, expireExport } = await keptAttachment();
      expect(attachment.storageKey).toMatch(/^outbox\//);
      expect(exported.length).toBeGreaterThan(100);
      // Read back from disk by path, not through the storage.
      expect(await readFile(join(dir, attachment.storageKey))).toEqual(exported);
      await expireExport();
      const res = await download();
      expect(res.status).toBe(200);
      expect(res.headers.get("content-length")).toBe(String(exported.length));
      expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(Buffer.from(await res.arrayBuffer())).toEqual(exported);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("with a bucket: an object under outbox/, downloaded byte for byte through a presigned redirect, kept by export cleanup", async () => {
    const s3 = await startS3();
    const client = new S3Client({ ...s3.config });
    try {
      process.env.CHARTROOM_S3_BUCKET = s3.config.bucket;
      process.env.CHARTROOM_S3_ENDPOINT = s3.config.endpoint;
      process.env.CHARTROOM_S3_FORCE_PATH_STYLE = "true";
      process.env.AWS_ACCESS_KEY_ID = s3.config.credentials!.accessKeyId;
      process.env.AWS_SECRET_ACCESS_KEY = s3.config.credentials!.secretAccessKey;
      const { attachment, exported, download, expireExport } = await keptAttachment();
      const Key = `exports/${attachment.storageKey}`;
      expect(Key).toMatch(/^exports\/outbox\//);
      // Read back from the bucket with the S3 client, not through the storage.
      const object = await client.send(new GetObjectCommand({ Bucket: s3.config.bucket, Key }));
      expect(await bytes(object.Body as AsyncIterable<unknown>)).toEqual(exported);
      await expireExport();
      expect((await client.send(new HeadObjectCommand({ Bucket: s3.config.bucket, Key }))).ContentLength).toBe(
        exported.length,
      );
      const res = await download();
      expect(res.status).toBe(302);
      const fetched = await fetch(res.headers.get("location")!);
      expect(fetched.status).toBe(200);
      expect(Buffer.from(await fetched.arrayBuffer())).toEqual(exported);
    } finally {
      client.destroy();
      await s3.stop();
    }
  });
});
