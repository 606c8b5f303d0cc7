// A UTF-16 surrogate without its partner is not a character: it cannot be stored as UTF-8
// (PostgreSQL refuses it, SQLite keeps invalid bytes) nor written to XML. JSON can carry
// one as an escape ("\ud800"), so every parsed body is checked before anything uses it.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const LONE_SURROGATE_MESSAGE =
  "Contains an unpaired surrogate (\\uD800–\\uDFFF without its partner), which is not valid Unicode.";

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/**
 * Dotted paths ("records.3.plan", or "plan" with no prefix) of every string in a parsed
 * JSON value, key or value, holding a lone surrogate. `skip` leaves out the path given,
 * for values a caller checks itself.
 */
export function loneSurrogatePaths(value: unknown, prefix = "", skip?: string): string[] {
  const found: string[] = [];
  const visit = (v: unknown, path: string) => {
    if (path === skip) return;
    if (typeof v === "string") {
      if (hasLoneSurrogate(v)) found.push(path);
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, join(path, String(i))));
    } else if (v !== null && typeof v === "object") {
      for (const [key, item] of Object.entries(v)) {
        if (hasLoneSurrogate(key)) found.push(join(path, key));
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
