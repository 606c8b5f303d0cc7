// Characters no stored string may hold. A UTF-16 surrogate without its partner is not a
// character: it cannot be stored as UTF-8 (PostgreSQL refuses it, SQLite keeps invalid
// bytes) nor written to XML. NUL cannot be stored in a PostgreSQL text column at all. JSON
// can carry both as escapes ("\ud800", "\u0000"), so every parsed body is checked before
// anything uses it.

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const LONE_SURROGATE_MESSAGE =
  "Contains an unpaired surrogate (\\uD800–\\uDFFF without its partner), which is not valid Unicode.";
export const NUL_MESSAGE = "Contains a NUL character (\\u0000), which cannot be stored.";

/** Why the text cannot be stored, or null when it can. */
export function unstorableProblem(text: string): string | null {
  const found = UNSTORABLE.exec(text);
  if (!found) return null;
  return found[0] === "\u0000" ? NUL_MESSAGE : LONE_SURROGATE_MESSAGE;
}

export interface UnstorableIssue {
  /** Dotted path ("records.3.plan", or "plan" with no prefix). */
  path: string;
  message: string;
}

/**
 * Every string in a parsed JSON value, key or value, that cannot be stored. `skip` leaves
 * out the path given, for values a caller checks itself.
 */
export function unstorableIssues(value: unknown, prefix = "", skip?: string): UnstorableIssue[] {
  const found: UnstorableIssue[] = [];
  const visit = (v: unknown, path: string) => {
    if (path === skip) return;
    if (typeof v === "string") {
      const message = unstorableProblem(v);
      if (message) found.push({ path, message });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, join(path, String(i))));
    } else if (v !== null && typeof v === "object") {
      for (const [key, item] of Object.entries(v)) {
        const message = unstorableProblem(key);
        if (message) found.push({ path: join(path, key), message });
        else visit(item, join(path, key));
      }
    }
  };
  visit(value, prefix);
  return found;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
