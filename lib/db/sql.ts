import type { Provider } from "./config";

/**
 * A parameterised SQL fragment. Values are always bound, never spliced into the text;
 * only `raw()` fragments (identifiers we choose in code) become SQL text.
 */
export class Sql {
  constructor(
    readonly parts: readonly string[],
    readonly values: readonly unknown[],
  ) {}

  /** Renders the text with the dialect's placeholders. */
  render(provider: Provider): { text: string; values: unknown[] } {
    let text = this.parts[0] ?? "";
    for (let i = 0; i < this.values.length; i++) {
      text += (provider === "postgres" ? `$${i + 1}` : "?") + this.parts[i + 1];
    }
    return { text, values: this.values.map((v) => bindValue(v, provider)) };
  }
}

type Piece = Sql | RawSql | unknown;

class RawSql {
  constructor(readonly text: string) {}
}

/** Trusted SQL text, for identifiers and keywords that come from code, never from input. */
export function raw(text: string): RawSql {
  return new RawSql(text);
}

export function sql(strings: TemplateStringsArray, ...pieces: Piece[]): Sql {
  const parts: string[] = [strings[0]];
  const values: unknown[] = [];
  pieces.forEach((piece, i) => {
    const next = strings[i + 1];
    if (piece instanceof Sql) {
      parts[parts.length - 1] += piece.parts[0];
      for (let j = 0; j < piece.values.length; j++) {
        values.push(piece.values[j]);
        parts.push(piece.parts[j + 1]);
      }
      parts[parts.length - 1] += next;
    } else if (piece instanceof RawSql) {
      parts[parts.length - 1] += piece.text + next;
    } else {
      values.push(piece);
      parts.push(next);
    }
  });
  return new Sql(parts, values);
}

export function join(fragments: Sql[], separator = ", "): Sql {
  const parts: string[] = [""];
  const values: unknown[] = [];
  fragments.forEach((f, i) => {
    parts[parts.length - 1] += (i > 0 ? separator : "") + f.parts[0];
    for (let j = 0; j < f.values.length; j++) {
      values.push(f.values[j]);
      parts.push(f.parts[j + 1]);
    }
  });
  return new Sql(parts, values);
}

/** Instants are stored as epoch milliseconds in SQLite and as timestamptz in PostgreSQL. */
function bindValue(value: unknown, provider: Provider): unknown {
  if (value instanceof Date) return provider === "sqlite" ? value.getTime() : value.toISOString();
  if (typeof value === "boolean" && provider === "sqlite") return value ? 1 : 0;
  return value;
}

/** Reads an instant column back, whichever way the driver returned it. */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === "number" || typeof value === "bigint") return new Date(Number(value));
  if (typeof value === "string") {
    const n = Number(value);
    return new Date(Number.isFinite(n) && /^\d+$/.test(value) ? n : value);
  }
  throw new TypeError(`not a timestamp: ${String(value)}`);
}

/**
 * The query as one statement with every value written in as a literal (for statements that
 * take no bind parameters, such as PostgreSQL's COPY). `literal` must be the driver's own
 * escaping; values are sent as the same text a bound parameter would carry.
 */
export function inlineValues(query: Sql, provider: Provider, literal: (text: string) => string): string {
  let text = query.parts[0] ?? "";
  for (let i = 0; i < query.values.length; i++) {
    const value = bindValue(query.values[i], provider);
    text += (value === null || value === undefined ? "NULL" : literal(String(value))) + query.parts[i + 1];
  }
  return text;
}
