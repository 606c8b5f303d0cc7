import { z } from "zod";

// Text that ends up in a mail header (recipients, subjects). A control character there is
// at best mangled by the mail service and at worst a header injection, so such input is
// refused rather than cleaned up: C0 and C1 controls (tab, CR, LF and NEL among them),
// DEL, and the Unicode line and paragraph separators.
const HEADER_FORBIDDEN = /[\x00-\x1F\x7F-\x9F\u2028\u2029]/;
const HEADER_FORBIDDEN_RUNS = /[\x00-\x1F\x7F-\x9F\u2028\u2029]+/g;

function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Why the text cannot go into a mail header, or null when it can. */
export function headerTextProblem(text: string): string | null {
  const found = HEADER_FORBIDDEN.exec(text);
  if (!found) return null;
  return `Contains a control or line-separator character (${codePoint(found[0])} at position ${found.index + 1}), which a mail header cannot carry.`;
}

/** For text assembled from stored values (report and workspace names): each run of such characters becomes a space. */
export function headerSafe(text: string): string {
  return text.replace(HEADER_FORBIDDEN_RUNS, " ");
}

/**
 * A string field that goes into a mail header. Checked before any trimming, so that a
 * trailing line break is refused too; the issue is marked as a 422 (see fromZodError).
 */
export function headerString() {
  return z.string().superRefine((value, ctx) => {
    const problem = headerTextProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem, params: { unprocessable: true } });
  });
}
