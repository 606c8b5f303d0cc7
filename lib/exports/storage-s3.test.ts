import { ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { seeded } from "../../testing/db";
import { storedExport } from "../../testing/exports";
import { startS3 } from "../../testing/s3";
import { checkDefinition } from "../reports/check";
import { findJob } from "./jobs";
import { serveExportFile } from "./serve";
import { s3ConfigFromEnv, s3Storage, type S3Config } from "./storage-s3";
import type { ExportStorage } from "./storage-types";
import { runJob } from "./worker";

let s3: Awaited<ReturnType<typeof startS3>>;
let storage: ExportStorage;
let client: S3Client;

async function keys(config: S3Config): Promise<string[]> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: config.bucket, Prefix: config.prefix }));
  return (listed.Contents ?? []).map((o) => o.Key!).sort();
}

async function text(stream: AsyncIterable<unknown>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

beforeAll(async () => {
  s3 = await startS3();
  storage = s3Storage(s3.config);
  client = new S3Client({ ...s3.config });
});

afterAll(async () => {
  client?.destroy();
  await s3?.stop();
});

describe("S3 export storage (against s3rver)", () => {
  it("reads its settings from the environment, and only when a bucket is named", () => {
    expect(s3ConfigFromEnv({})).toBeNull();
    expect(
      s3ConfigFromEnv({
        CHARTROOM_S3_BUCKET: "exports",
        CHARTROOM_S3_ENDPOINT: "http://minio:9000",
        CHARTROOM_S3_FORCE_PATH_STYLE: "true",
        AWS_ACCESS_KEY_ID: "id",
        AWS_SECRET_ACCESS_KEY: "secret",
      }),
    ).toMatchObject({
      bucket: "exports",
      region: "us-east-1",
      endpoint: "http://minio:9000",
      forcePathStyle: true,
      credentials: { accessKeyId: "id", secretAccessKey: "secret" },
    });
  });

  it("streams a multipart upload to a pending key and publishes it only when complete", async () => {
    const key = "ws-multipart/job-1/big.csv";
    const pending = storage.openPending(key);
    const line = `${"x".repeat(1023)}\n`;
    // 12 MiB: more than two 5 MiB parts.
    for (let i = 0; i < 12 * 1024; i++) {
      if (!pending.stream.write(line)) await new Promise((resolve) => pending.stream.once("drain", resolve));
    }
    pending.stream.end();
    expect(await storage.size(key)).toBeNull();
    const size = await pending.publish();
    expect(size).toBe(12 * 1024 * 1024);
    expect(await storage.size(key)).toBe(size);
    expect(await keys(s3.config)).toEqual([`exports/${key}`]);
    const body = await text(await storage.open(key));
    expect(body.length).toBe(size);
    expect(body.slice(0, 1024)).toBe(line);
    await storage.remove(key);
    expect(await storage.size(key)).toBeNull();
  });

  it("leaves nothing behind when a pending file is discarded", async () => {
    const key = "ws-discard/job-2/partial.csv";
    const pending = storage.openPending(key);
    pending.stream.write("a,b\n1,2\n");
    await pending.discard();
    expect(await storage.size(key)).toBeNull();
    expect((await keys(s3.config)).filter((k) => k.includes("ws-discard"))).toEqual([]);
  });

  it("runs an export job into the bucket and downloads it through a presigned URL", async () => {
    const { conn, acme } = seeded();
    const { definition } = checkDefinition(
      { dataset: "usage_events", columns: ["occurred_at", "event_type", "revenue"], limit: 700 },
      { timezone: "UTC" },
    );
    // Created running under this test's own worker id, so no other worker can claim it.
    const job = await db.exportJob.create({
      data: {
        workspaceId: acme.id,
        reportName: "S3 export",
        definition: JSON.stringify(definition),
        format: "csv",
        status: "running",
        createdBy: "tester@example.com",
        workerId: "s3-test",
        startedAt: new Date(),
        heartbeatAt: new Date(),
        attempts: 1,
      },
    });
    const queued = job;
    await runJob(job, conn, "s3-test", storage);
    const done = await findJob(acme.id, queued.id);
    expect(done.status).toBe("succeeded");
    expect(await storage.size(done.storageKey!)).toBe(done.byteSize);

    const res = await serveExportFile(done, { actor: "tester@example.com", ip: null }, storage);
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^${s3.config.endpoint}/${s3.config.bucket}/exports/${acme.id}/${done.id}/`));
    expect(location).toContain("X-Amz-Signature=");
    const file = await fetch(location);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toContain("S3-export_acme_");
    const rows = Papa.parse(await file.text(), { header: true, skipEmptyLines: true }).data;
    expect(rows.length).toBe(done.rowCount);
  });

  it("removes orphaned pending objects older than the cutoff, and nothing else", async () => {
    const { globex } = seeded();
    const kept = await storedExport(storage, globex.id, "a\n2\n");
    const orphan = `exports/${globex.id}/dead-job/file.csv.part`;
    await client.send(new PutObjectCommand({ Bucket: s3.config.bucket, Key: orphan, Body: "half" }));

    expect(await storage.removePendingOlderThan(new Date(Date.now() - 86_400_000))).toBe(0);
    expect(await keys(s3.config)).toContain(orphan);
    expect(await storage.removePendingOlderThan(new Date(Date.now() + 60_000))).toBe(1);
    expect(await keys(s3.config)).not.toContain(orphan);
    expect(await storage.size(kept.storageKey!)).toBe(kept.byteSize);
  });
});
