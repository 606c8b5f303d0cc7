import { readFile, stat } from "node:fs/promises";
import { isAbsolute } from "node:path";

export interface Logo {
  data: Buffer;
  format: "png" | "jpg";
  width: number;
  height: number;
}

const MAX_BYTES = 4 * 1024 * 1024;
const DATA_URL = /^data:image\/(png|jpe?g);base64,([a-z0-9+/=\s]+)$/i;

function pngSize(data: Buffer): { width: number; height: number } | null {
  if (data.length < 24 || data.readUInt32BE(0) !== 0x89504e47 || data.toString("latin1", 12, 16) !== "IHDR")
    return null;
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

function jpegSize(data: Buffer): { width: number; height: number } | null {
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) return null;
  let at = 2;
  while (at + 9 < data.length) {
    if (data[at] !== 0xff) return null;
    const marker = data[at + 1];
    const length = data.readUInt16BE(at + 2);
    // SOF0..SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: data.readUInt16BE(at + 5), width: data.readUInt16BE(at + 7) };
    }
    at += 2 + length;
  }
  return null;
}

/** The image a PNG or JPEG file holds, judged by its bytes alone; null for anything else. */
export function logoFromBytes(data: Buffer): Logo | null {
  const png = pngSize(data);
  if (png && png.width > 0 && png.height > 0) return { data, format: "png", ...png };
  const jpeg = jpegSize(data);
  if (jpeg && jpeg.width > 0 && jpeg.height > 0) return { data, format: "jpg", ...jpeg };
  return null;
}

/**
 * The workspace logo as image bytes, or null when there is none or it cannot be used.
 * Only data: URLs and absolute file paths are read: a logo never makes the server fetch a URL,
 * and a broken logo leaves the header without one rather than failing the export.
 */
export async function loadLogo(logoUrl: string | null): Promise<Logo | null> {
  if (!logoUrl) return null;
  try {
    const match = DATA_URL.exec(logoUrl);
    if (match) {
      const data = Buffer.from(match[2].replace(/\s+/g, ""), "base64");
      return data.length <= MAX_BYTES ? logoFromBytes(data) : null;
    }
    if (!isAbsolute(logoUrl)) return null;
    const info = await stat(logoUrl);
    if (!info.isFile() || info.size > MAX_BYTES) return null;
    return logoFromBytes(await readFile(logoUrl));
  } catch {
    return null;
  }
}
