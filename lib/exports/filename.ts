import { FILE_EXTENSION, type ExportFormat } from "./types";

const MAX_STEM = 120;

function tidy(stem: string, fallback: string): string {
  const cleaned = stem.replace(/-+/g, "-").replace(/^[-.]+|[-.]+$/g, "");
  return (
    Array.from(cleaned)
      .slice(0, MAX_STEM)
      .join("")
      .replace(/[-.]+$/, "") || fallback
  );
}

/**
 * A download name safe on every OS and in a header: letters and digits of any script,
 * dot, dash and underscore only; no path separators, quotes, controls, bidi overrides or
 * line breaks can survive. "Umsätze" stays "Umsätze" (the ASCII fallback is made when
 * the header is written).
 */
export function safeFileName(base: string, extension: string): string {
  const stem = tidy(base.normalize("NFC").replace(/[^\p{L}\p{M}\p{N}_.-]+/gu, "-"), "report");
  return `${stem}.${extension.replace(/[^a-z0-9]/gi, "")}`;
}

/** The same name in ASCII for clients that ignore `filename*`: accents dropped ("Umsätze" → "Umsatze"). */
export function asciiFileName(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  const [stem, extension] = dot > 0 ? [fileName.slice(0, dot), fileName.slice(dot + 1)] : [fileName, ""];
  const ascii = (text: string) =>
    text
      .normalize("NFKD")
      .replace(/\p{M}+/gu, "")
      .replace(/[^\w.-]+/g, "-");
  const cleanExtension = ascii(extension).replace(/[^a-z0-9]/gi, "");
  return `${tidy(ascii(stem), "download")}${cleanExtension ? `.${cleanExtension}` : ""}`;
}

/** RFC 5987 value: UTF-8, percent-encoded, nothing left that is not an attr-char. */
function extendedValue(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The one `Content-Disposition` of every download (RFC 6266): an ASCII `filename` for old
 * clients and the real name in `filename*`.
 */
export function contentDisposition(fileName: string): string {
  const name = fileName.normalize("NFC").replace(/[\p{Cc}\p{Cf}"\\/]+/gu, "-");
  return `attachment; filename="${asciiFileName(name)}"; filename*=UTF-8''${extendedValue(name)}`;
}

/** The one name an export file gets, whichever path made it: report, workspace, period, format. */
export function exportFileName(
  reportName: string,
  workspaceSlug: string,
  range: { from: string; to: string },
  format: ExportFormat,
): string {
  return safeFileName(`${reportName}_${workspaceSlug}_${range.from}_${range.to}`, FILE_EXTENSION[format]);
}

/** A stored export's download name: the last part of its storage key (`workspace/job/name`). */
export const downloadName = (storageKey: string) => storageKey.slice(storageKey.lastIndexOf("/") + 1);
