import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, type Page } from "@playwright/test";
import { PNG } from "pngjs";

/** A PNG of one colour, to upload as a logo that can be found again in a rendered page. */
export function solidPng(width: number, height: number, color: readonly number[]): Buffer {
  const png = new PNG({ width, height, colorType: 2 });
  for (let i = 0; i < width * height; i++) png.data.set([...color, 255], i * 4);
  return PNG.sync.write(png, { colorType: 2 });
}

/** Counts pixels within 12 of `color` on every channel in the band of rows. */
export function countPixels(png: PNG, color: readonly number[], area: { y: number; height: number }): number {
  let n = 0;
  for (let y = area.y; y < Math.min(png.height, area.y + area.height); y++) {
    for (let x = 0; x < png.width; x++) {
      const at = (y * png.width + x) * 4;
      if ([0, 1, 2].every((c) => Math.abs(png.data[at + c] - color[c]) <= 12)) n++;
    }
  }
  return n;
}

/** "#7c3aed" → [124, 58, 237]. */
export function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Page 1 of a PDF as pdftoppm (poppler) draws it at 72 dpi. */
export function firstPagePng(pdf: string): PNG {
  const dir = mkdtempSync(join(tmpdir(), "chartroom-e2e-pdf-"));
  execFileSync("pdftoppm", ["-png", "-r", "72", "-f", "1", "-l", "1", "-singlefile", pdf, join(dir, "page")]);
  return PNG.sync.read(readFileSync(join(dir, "page.png")));
}

/** A PDF's text as pdftotext (poppler) reads it, in reading order. */
export function pdfText(pdf: string): string {
  return execFileSync("pdftotext", ["-layout", pdf, "-"]).toString("utf8");
}

/** The width of the logo the settings page shows, once the browser has decoded it (0 before). */
export function logoWidth(page: Page): Promise<number> {
  return page
    .getByRole("img", { name: "Workspace logo" })
    .evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0));
}

/** Exports the dashboard's usage summary as a PDF through the export dialog; the downloaded file's path. */
export async function exportDashboardPdf(page: Page): Promise<string> {
  await page.goto("/");
  await page.getByRole("button", { name: "Download report" }).click();
  const dialog = page.getByRole("dialog", { name: "Export report" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("radio", { name: "PDF", exact: true }).check();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    dialog.getByRole("button", { name: "Export", exact: true }).click(),
  ]);
  return (await download.path())!;
}

/** Where the e2e server keeps export files and logos (its working directory's default). */
export const storagePath = (key: string) => join(process.cwd(), ".data", "exports", key);
