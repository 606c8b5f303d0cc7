import { HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { solidPng } from "../../testing/images";
import { startS3 } from "../../testing/s3";
import { scratchWorkspace } from "../../testing/workspaces";
import { db } from "../db";
import type { OutboxAttachment } from "../email/outbox-files";
import { setWorkspaceLogo } from "../exports/logo-store";
import { runNow } from "../schedules/dispatch";
import { createSchedule } from "../schedules/service";
import { ApiError } from "../errors";
import { checkDeletionConfirmed, deleteWorkspace } from "./workspace-deletion";
import { outboxMailPerTestStorage } from "../../testing/outbox-env";

outboxMailPerTestStorage();

/**
 * A workspace with every kind of file it can own: a logo, the export file of a scheduled
 * run, and that run's e-mail kept in the outbox with the file attached. Returns their keys.
 */
async function workspaceWithFiles(label: string) {
  const t = await scratchWorkspace({ label, roles: ["owner", "member"], events: 200 });
  await setWorkspaceLogo(t.workspace.id, solidPng(30, 10, [200, 10, 10]));
  const schedule = await createSchedule(t.workspace.id, t.people.owner.email, {
    name: "Attached",
    reportId: (await t.report("usage_summary")).id,
    cron: "0 9 * * *",
    timezone: "UTC",
    formats: ["csv", "pdf"],
    delivery: "attachment",
    recipients: ["kept@example.com"],
    subjectTemplate: "{{report}}",
    skipIfEmpty: false,
    active: true,
  });
  const { done } = await runNow(t.workspace.id, schedule.id);
  expect(await done).toBe("succeeded");
  await db.notification.create({
    data: { workspaceId: t.workspace.id, userId: t.people.member.id, kind: "test", title: "Hello" },
  });
  const logo = (await db.workspace.findUniqueOrThrow({ where: { id: t.workspace.id } })).logoUrl!;
  const exports = (await db.exportJob.findMany({ where: { workspaceId: t.workspace.id } })).map((j) => j.storageKey!);
  const kept = await db.outboxEmail.findMany({ where: { workspaceId: t.workspace.id } });
  const attachments = kept.flatMap((e) => (JSON.parse(e.attachments) as OutboxAttachment[]).map((a) => a.storageKey));
  expect(exports).toHaveLength(2);
  // The two files, and the logo the e-mail shows inline.
  expect(attachments).toHaveLength(3);
  return { ...t, keys: [logo, ...exports, ...attachments] };
}

async function expectGone(workspaceId: string) {
  expect(await db.workspace.count({ where: { id: workspaceId } })).toBe(0);
  for (const rows of [
    db.exportJob.count({ where: { workspaceId } }),
    db.schedule.count({ where: { workspaceId } }),
    db.scheduleRun.count({ where: { workspaceId } }),
    db.outboxEmail.count({ where: { workspaceId } }),
    db.notification.count({ where: { workspaceId } }),
    db.usageEvent.count({ where: { workspaceId } }),
  ])
    expect(await rows).toBe(0);
  const record = await db.instanceAuditEvent.findFirstOrThrow({ where: { action: "workspace.deleted", workspaceId } });
  expect(JSON.parse(record.details)).toMatchObject({ files: 3, emails: 1 });
}

describe("deleting a workspace removes its files", () => {
  it("on local disk: logo, export files and outbox attachments go; another workspace's stay", async () => {
    const dir = mkdtempSync(join(tmpdir(), "chartroom-delete-"));
    try {
      process.env.CHARTROOM_EXPORT_DIR = dir;
      const doomed = await workspaceWithFiles("delete-local");
      const kept = await workspaceWithFiles("keep-local");
      // Checked on disk by path, not through the storage.
      for (const key of [...doomed.keys, ...kept.keys]) expect(existsSync(join(dir, key)), key).toBe(true);
      await deleteWorkspace(doomed.workspace.id, doomed.people.owner, "192.0.2.1");
      for (const key of doomed.keys) expect(existsSync(join(dir, key)), key).toBe(false);
      for (const key of kept.keys) expect(existsSync(join(dir, key)), key).toBe(true);
      await expectGone(doomed.workspace.id);
      expect(await db.outboxEmail.count({ where: { workspaceId: kept.workspace.id } })).toBe(1);
      expect(await db.notification.count({ where: { workspaceId: kept.workspace.id } })).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("with a bucket: the objects go; another workspace's stay", async () => {
    const s3 = await startS3();
    const client = new S3Client({ ...s3.config });
    const exists = async (key: string) => {
      try {
        await client.send(new HeadObjectCommand({ Bucket: s3.config.bucket, Key: `exports/${key}` }));
        return true;
      } catch (error) {
        if ((error as { name?: string }).name === "NotFound") return false;
        throw error;
      }
    };
    try {
      process.env.CHARTROOM_S3_BUCKET = s3.config.bucket;
      process.env.CHARTROOM_S3_ENDPOINT = s3.config.endpoint;
      process.env.CHARTROOM_S3_FORCE_PATH_STYLE = "true";
      process.env.AWS_ACCESS_KEY_ID = s3.config.credentials!.accessKeyId;
      process.env.AWS_SECRET_ACCESS_KEY = s3.config.credentials!.secretAccessKey;
      const doomed = await workspaceWithFiles("delete-s3");
      const kept = await workspaceWithFiles("keep-s3");
      // Checked with the S3 client, not through the storage.
      for (const key of [...doomed.keys, ...kept.keys]) expect(await exists(key), key).toBe(true);
      await deleteWorkspace(doomed.workspace.id, doomed.people.owner, null);
      for (const key of doomed.keys) expect(await exists(key), key).toBe(false);
      for (const key of kept.keys) expect(await exists(key), key).toBe(true);
      await expectGone(doomed.workspace.id);
    } finally {
      client.destroy();
      await s3.stop();
    }
  });
});

describe("the typed confirmation", () => {
  const refusal = (name: string, body: unknown) => {
    try {
      checkDeletionConfirmed(name, body);
      return null;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return { status: error.status, code: error.code, param: error.param, message: error.message };
    }
  };

  it("passes only the exact name", () => {
    expect(refusal("Acme Analytics", { confirm: "Acme Analytics" })).toBeNull();
  });

  it("refuses a missing, non-text, or different name with a 400 naming `confirm`", () => {
    const missing = { status: 400, code: "invalid_parameter", param: "confirm" };
    for (const body of [{}, null, [], "Acme Analytics", { confirm: 1 }, { name: "Acme Analytics" }])
      expect(refusal("Acme Analytics", body), JSON.stringify(body)).toEqual({
        ...missing,
        message: "`confirm`: type the workspace's name to delete it.",
      });
    for (const confirm of ["acme analytics", "Acme Analytics ", " Acme Analytics", "Acme", ""])
      expect(refusal("Acme Analytics", { confirm }), confirm).toEqual({
        ...missing,
        message: "`confirm`: this is not the workspace's name. Type it exactly as its settings show it.",
      });
  });
});
