/**
 * A download name safe on every OS and in a header: letters, digits, dot, dash and
 * underscore only; no path separators, quotes or line breaks can survive.
 */
export function safeFileName(base: string, extension: string): string {
  const stem =
    base
      .normalize("NFKD")
      .replace(/[^\w.-]+/g, "-")
      .replace(/-+/g, "-")
      .replace(/^[-.]+|[-.]+$/g, "")
      .slice(0, 120) || "report";
  return `${stem}.${extension.replace(/[^a-z0-9]/gi, "")}`;
}

export function contentDisposition(fileName: string): string {
  return `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
