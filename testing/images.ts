import { PNG } from "pngjs";

export type Rgb = readonly [number, number, number];

/** A PNG of one colour, encoded by pngjs (an encoder independent of the app's code). */
export function solidPng(width: number, height: number, color: Rgb): Buffer {
  const png = new PNG({ width, height, colorType: 2 });
  for (let i = 0; i < width * height; i++) png.data.set([...color, 255], i * 4);
  return PNG.sync.write(png, { colorType: 2 });
}

/** A 16×16 JPEG (one magenta-ish colour), made by pdftoppm. */
export const SMALL_JPEG = Buffer.from(
  "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjL/wAARCAAQABADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDmaKKK9M/SD//Z",
  "base64",
);

/** Decodes a PNG (from pdftoppm, say) with pngjs. */
export function decodePng(bytes: Buffer): { width: number; height: number; pixel: (x: number, y: number) => Rgb } {
  const png = PNG.sync.read(bytes);
  return {
    width: png.width,
    height: png.height,
    pixel: (x, y) => {
      const at = (y * png.width + x) * 4;
      return [png.data[at], png.data[at + 1], png.data[at + 2]];
    },
  };
}

/** Pixels of the rectangle whose colour is within `tolerance` of `color` on every channel. */
export function countColor(
  image: ReturnType<typeof decodePng>,
  color: Rgb,
  area: { x: number; y: number; width: number; height: number },
  tolerance = 12,
): number {
  let count = 0;
  for (let y = area.y; y < Math.min(image.height, area.y + area.height); y++) {
    for (let x = area.x; x < Math.min(image.width, area.x + area.width); x++) {
      const p = image.pixel(x, y);
      if (p.every((c, i) => Math.abs(c - color[i]) <= tolerance)) count++;
    }
  }
  return count;
}
