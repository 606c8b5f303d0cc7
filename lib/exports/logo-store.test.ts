import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GET as logoRoute, POST as uploadRoute } from "@/app/api/settings/logo/route";
import { callRoute, testApiKey } from "../../testing/api";
import { seeded } from "../../testing/db";
import { countColor, decodePng, SMALL_JPEG, solidPng, type Rgb } from "../../testing/images";
import { startS3 } from "../../testing/s3";
import { scratchWorkspace } from "../../testing/workspaces";
import { db } from "../db";
import { getOutboxEmail } from "../email/outbox";
import { checkDefinition } from "../reports/check";
import { runNow } from "../schedules/dispatch";
import { createSchedule } from "../schedules/service";
import { MAX_LOGO_BYTES } from "./logo-store";
import { prepareExport } from "./pipeline";
import type { ExportFormat } from "./types";
import { outboxMailPerTestStorage } from "../../testing/outbox-env";

outboxMailPerTestStorage();
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "chartroom-logo-"));
  dirs.push(dir);
  return dir;
};

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

// A colour nothing else in a report draws: found in a page, it can only be the logo.
const LOGO_COLOR: Rgb = [255, 0, 170];
const BRAND = "#0f766e";

async function workspaceWithKey(label: string) {
  const t = await scratchWorkspace({ label, roles: ["owner", "viewer"], events: 200 });
  await db.workspace.update({ where: { id: t.workspace.id }, data: { brandColor: BRAND } });
  const key = (await testApiKey(t.workspace.id, t.people.owner.email, "admin")).secret;
  const viewerKey = (await testApiKey(t.workspace.id, t.people.viewer.email, "viewer", "viewer")).secret;
  return { ...t, key, viewerKey };
}

const upload = (key: string, raw: Uint8Array, headers: Record<string, string> = {}) =>
  callRoute(uploadRoute, { key, raw, headers });

async function exportBytes(workspaceId: string, format: ExportFormat): Promise<Buffer> {
  const w = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
  const report = await db.report.findFirstOrThrow({ where: { workspaceId, templateKey: "usage_summary" } });
  const checked = checkDefinition(JSON.parse(report.definition), { timezone: "UTC" });
  const branding = {
    name: w.name,
    slug: w.slug,
    timezone: "UTC",
    locale: "en-US",
    brandColor: w.brandColor,
    logoUrl: w.logoUrl,
  };
  const prepared = await prepareExport(
    seeded().conn,
    workspaceId,
    branding,
    checked,
    { name: report.name, description: "" },
    {
      format,
    },
  );
  return Buffer.from(await new Response(prepared.body).arrayBuffer());
}

/** Page 1 of a PDF as pdftoppm draws it at 72 dpi, decoded by pngjs. */
function firstPage(pdf: Buffer) {
  const dir = tempDir();
  writeFileSync(join(dir, "report.pdf"), pdf);
  execFileSync("pdftoppm", [
    "-png",
    "-r",
    "72",
    "-f",
    "1",
    "-l",
    "1",
    "-singlefile",
    join(dir, "report.pdf"),
    join(dir, "page"),
  ]);
  return decodePng(readFileSync(join(dir, "page.png")));
}

describe("logo upload", () => {
  it("judges the file by its bytes: a PNG sent as JPEG is a PNG, a JPEG is a JPEG, anything else a 422", async () => {
    const t = await workspaceWithKey("logo-sniff");
    const png = await upload(t.key, solidPng(40, 20, LOGO_COLOR), { "Content-Type": "image/jpeg" });
    expect(png.status).toBe(201);
    expect(png.body).toEqual({ logo: { format: "png", width: 40, height: 20 } });
    const jpeg = await upload(t.key, SMALL_JPEG, { "Content-Type": "image/png" });
    expect(jpeg.status).toBe(201);
    expect(jpeg.body).toEqual({ logo: { format: "jpg", width: 16, height: 16 } });

    const whole = solidPng(40, 20, LOGO_COLOR);
    const bad: [string, Uint8Array][] = [
      ["a GIF", Buffer.from("GIF89a\x01\x00\x01\x00\x00\x00\x00;", "latin1")],
      ["an SVG named like a PNG", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')],
      ["a PNG cut off halfway", whole.subarray(0, Math.floor(whole.length / 2))],
      ["a JPEG without its end", SMALL_JPEG.subarray(0, SMALL_JPEG.length - 2)],
      ["a PNG signature and nothing else", Buffer.from("89504e470d0a1a0a", "hex")],
    ];
    for (const [what, raw] of bad) {
      const res = await upload(t.key, raw, { "Content-Type": "image/png" });
      expect(res.status, what).toBe(422);
      expect(res.body, what).toEqual({
        error: { code: "unprocessable", message: "The logo must be a PNG or JPEG image.", param: "logo" },
      });
    }
    const empty = await upload(t.key, new Uint8Array(0));
    expect(empty.status).toBe(400);
    expect((empty.body as { error: { code: string } }).error.code).toBe("invalid_parameter");
    // The last good upload stays the logo.
    const served = await callRoute(logoRoute, { key: t.viewerKey });
    expect(served.status).toBe(200);
  });

  it("refuses a file over the size limit with a 413, and viewers cannot upload", async () => {
    const t = await workspaceWithKey("logo-size");
    const big = Buffer.concat([solidPng(10, 10, LOGO_COLOR), Buffer.alloc(MAX_LOGO_BYTES)]);
    const res = await upload(t.key, big);
    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      error: { code: "payload_too_large", message: "The logo is larger than 512 KB.", param: "body" },
    });
    const tooWide = await upload(t.key, solidPng(5000, 1, LOGO_COLOR));
    expect(tooWide.status).toBe(422);
    expect((tooWide.body as { error: { message: string } }).error.message).toMatch(/5000×1 pixels/);
    expect((await upload(t.viewerKey, solidPng(10, 10, LOGO_COLOR))).status).toBe(403);
    expect((await db.workspace.findUniqueOrThrow({ where: { id: t.workspace.id } })).logoUrl).toBeNull();
  });

  it("on local disk: stored under logos/, replaced files removed, drawn in the PDF's top band, the XLSX summary and the e-mail", async () => {
    const dir = tempDir();
    process.env.CHARTROOM_EXPORT_DIR = dir;
    const t = await workspaceWithKey("logo-local");
    const first = solidPng(60, 20, [0, 0, 255]);
    expect((await upload(t.key, first)).status).toBe(201);
    const firstKey = (await db.workspace.findUniqueOrThrow({ where: { id: t.workspace.id } })).logoUrl!;
    expect(readFileSync(join(dir, firstKey))).toEqual(first);

    const logo = solidPng(60, 20, LOGO_COLOR);
    expect((await upload(t.key, logo)).status).toBe(201);
    const key = (await db.workspace.findUniqueOrThrow({ where: { id: t.workspace.id } })).logoUrl!;
    expect(key).toMatch(new RegExp(`^logos/${t.workspace.id}/[0-9a-f]{16}\\.png$`));
    // Read back by path, not through the storage; the replaced file is gone.
    expect(readFileSync(join(dir, key))).toEqual(logo);
    expect(() => readFileSync(join(dir, firstKey))).toThrow(/ENOENT/);

    const page = firstPage(await exportBytes(t.workspace.id, "pdf"));
    const band = { x: 0, y: 0, width: page.width, height: 60 };
    expect(countColor(page, LOGO_COLOR, band)).toBeGreaterThan(100);
    // The rest of the page does not have it: what was found is the logo in the header.
    expect(countColor(page, LOGO_COLOR, { x: 0, y: 60, width: page.width, height: page.height - 60 })).toBe(0);
    expect(countColor(page, [0x0f, 0x76, 0x6e], band)).toBeGreaterThan(100);

    const xlsxPath = join(tempDir(), "report.xlsx");
    writeFileSync(xlsxPath, await exportBytes(t.workspace.id, "xlsx"));
    const parts = execFileSync("unzip", ["-Z1", xlsxPath], { encoding: "utf8" }).split("\n");
    const media = parts.filter((p) => p.startsWith("xl/media/"));
    expect(media).toHaveLength(1);
    expect(execFileSync("unzip", ["-p", xlsxPath, media[0]])).toEqual(logo);
    const drawing = execFileSync("unzip", ["-p", xlsxPath, "xl/drawings/drawing1.xml"], { encoding: "utf8" });
    expect(drawing).toContain('name="Logo"');
    const sheetRels = execFileSync("unzip", ["-p", xlsxPath, "xl/worksheets/_rels/sheet1.xml.rels"], {
      encoding: "utf8",
    });
    expect(sheetRels).toContain("../drawings/drawing1.xml");

    const schedule = await createSchedule(t.workspace.id, t.people.owner.email, {
      name: "Branded",
      reportId: (await t.report("usage_summary")).id,
      cron: "0 9 * * *",
      timezone: "UTC",
      formats: ["csv"],
      delivery: "attachment",
      recipients: ["branded@example.com"],
      subjectTemplate: "{{report}}",
      skipIfEmpty: false,
      active: true,
    });
    const { done } = await runNow(t.workspace.id, schedule.id);
    expect(await done).toBe("succeeded");
    // The e-mail carries the logo as an inline part; the outbox draws it from there.
    const kept = await db.outboxEmail.findFirstOrThrow({ where: { workspaceId: t.workspace.id } });
    const email = await getOutboxEmail(t.workspace.id, kept.id);
    expect(email?.html).toContain(`src="data:image/png;base64,${logo.toString("base64")}"`);
  });

  it("with a bucket: the logo is an object under logos/, read back into the PDF", async () => {
    const s3 = await startS3();
    const client = new S3Client({ ...s3.config });
    try {
      process.env.CHARTROOM_S3_BUCKET = s3.config.bucket;
      process.env.CHARTROOM_S3_ENDPOINT = s3.config.endpoint;
      process.env.CHARTROOM_S3_FORCE_PATH_STYLE = "true";
      process.env.AWS_ACCESS_KEY_ID = s3.config.credentials!.accessKeyId;
      process.env.AWS_SECRET_ACCESS_KEY = s3.config.credentials!.secretAccessKey;
      const t = await workspaceWithKey("logo-s3");
      const logo = solidPng(60, 20, LOGO_COLOR);
      expect((await upload(t.key, logo)).status).toBe(201);
      const key = (await db.workspace.findUniqueOrThrow({ where: { id: t.workspace.id } })).logoUrl!;
      // Read back from the bucket with the S3 client, not through the storage.
      const object = await client.send(new GetObjectCommand({ Bucket: s3.config.bucket, Key: `exports/${key}` }));
      expect(Buffer.from(await object.Body!.transformToByteArray())).toEqual(logo);
      const served = await callRoute(logoRoute, { key: t.viewerKey });
      expect(served.status).toBe(200);
      const page = firstPage(await exportBytes(t.workspace.id, "pdf"));
      expect(countColor(page, LOGO_COLOR, { x: 0, y: 0, width: page.width, height: 60 })).toBeGreaterThan(100);
    } finally {
      client.destroy();
      await s3.stop();
    }
  });
});
