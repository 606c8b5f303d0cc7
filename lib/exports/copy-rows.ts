import { timestamptzMs } from "../db/connection";
import { csvCell } from "./csv";
import { isoFormatterMs } from "./instant-text";

// COPY's text format, one column per CSV cell, turned into CSV lines. In that format a raw
// tab only ever separates columns and a raw LF only ever ends a row (PostgreSQL writes a
// tab, LF, CR or backslash inside a value as a backslash escape, NULL as \N), so cells are
// found without parsing. PostgreSQL writes numbers exactly as they go into the CSV, and
// instants as timestamptz text in the report's zone (DateStyle ISO: "2026-03-08
// 01:59:59.123456-05"), which the pass below rewrites in place into the cursor path's
// ISO 8601 ("2026-03-08T01:59:59.123-05:00"): cheaper for PostgreSQL than to_char, and
// nearly free here since every byte is copied anyway. Text cells are checked here, one byte at a time, for anything papaparse would quote or
// the formula guard would change. A line with such a cell is rebuilt cell by cell with
// csvCell (the cursor path's rule), as is a line with an instant of an unusual shape (NULL,
// BC, a five-digit year, an offset with seconds); every other line is copied with tabs turned into
// commas and LF into CRLF.

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const COMMA = 0x2c;
const BACKSLASH = 0x5c;
const DOT = 0x2e;
const COLON = 0x3a;
const PLUS = 0x2b;
const MINUS = 0x2d;
const ZERO = 0x30;
const T = 0x54;

/** What a column of the COPY holds. */
export type CopyCell =
  /** Text as stored, which may need quoting or the formula guard. */
  | "text"
  /** timestamptz in the session's zone with DateStyle ISO. */
  | "instant"
  /** Nothing but the cell's CSV text. */
  | "plain";
/** Bytes an instant cell may grow by: ".000" for no fraction, ":00" for a whole-hour offset. */
const INSTANT_GROWTH = 7;

/**
 * An instant cell chunk[from, to) in COPY's text as the cursor path's ISO 8601, written at
 * out[o]; the new end of out, or -1 when its shape is unusual (the line then takes the
 * careful way).
 */
function instantCell(chunk: Buffer, from: number, to: number, out: Buffer, o: number): number {
  // "YYYY-MM-DD HH:MM:SS" then a fraction or the offset's sign; years before 0100 are left
  // to pg's parser on the cursor path, so they go the careful way here too.
  if (to - from < 22 || chunk[from + 4] !== MINUS || chunk[from + 10] !== SPACE) return -1;
  if (chunk[from] === ZERO && chunk[from + 1] === ZERO) return -1;
  // Byte by byte: Buffer.copy's native call costs more than these few bytes.
  for (let j = 0; j < 19; j++) out[o + j] = chunk[from + j];
  out[o + 10] = T;
  o += 19;
  out[o++] = DOT;
  let k = from + 19;
  let digits = 0;
  if (chunk[k] === DOT) {
    // Milliseconds cut, not rounded, as the cursor path cuts them.
    for (k++; k < to && chunk[k] >= ZERO && chunk[k] <= ZERO + 9; k++) if (digits < 3) out[o + digits++] = chunk[k];
  }
  for (; digits < 3; digits++) out[o + digits] = ZERO;
  o += 3;
  const sign = chunk[k];
  if ((sign !== PLUS && sign !== MINUS) || to - k < 3) return -1;
  out[o] = sign;
  out[o + 1] = chunk[k + 1];
  out[o + 2] = chunk[k + 2];
  out[o + 3] = COLON;
  if (to - k === 3) {
    out[o + 4] = ZERO;
    out[o + 5] = ZERO;
    return o + 6;
  }
  if (to - k !== 6 || chunk[k + 3] !== COLON) return -1;
  out[o + 4] = chunk[k + 4];
  out[o + 5] = chunk[k + 5];
  return o + 6;
}

/** Bytes that anywhere in a text cell send its line the careful way. */
const ANYWHERE = new Uint8Array(256);
// A quote or comma is quoted; a backslash starts an escape (CR, LF, tab, NULL) or stands
// for itself; 0xEF starts the UTF-8 byte order mark (and other characters, which then
// take the careful way for nothing).
for (const c of ['"', ",", "\\"]) ANYWHERE[c.charCodeAt(0)] = 1;
ANYWHERE[0xef] = 1;

/** Bytes that at the start of a text cell send its line the careful way: a space, or a formula character. */
const FIRST = new Uint8Array(256);
for (const c of [" ", "=", "+", "-", "@"]) FIRST[c.charCodeAt(0)] = 1;
for (let b = 0; b < 256; b++) FIRST[b] ||= ANYWHERE[b];

const ESCAPED: Record<number, number> = { 0x62: 0x08, 0x66: 0x0c, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x76: 0x0b };

/** One cell of COPY's text format as its value: escapes undone, \N as null. */
function copyValue(bytes: Buffer): string | null {
  if (bytes.length === 2 && bytes[0] === BACKSLASH && bytes[1] === 0x4e) return null;
  if (bytes.indexOf(BACKSLASH) < 0) return bytes.toString("utf8");
  const out = Buffer.allocUnsafe(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === BACKSLASH && i + 1 < bytes.length) {
      const c = bytes[++i];
      out[n++] = ESCAPED[c] ?? c;
    } else out[n++] = b;
  }
  return out.toString("utf8", 0, n);
}

/** An instant as the cursor path writes it: read as it reads it, formatted as it formats it. */
function instantText(value: string | null, iso: (ms: number) => string): string {
  if (value === null) return "";
  const read = timestamptzMs(value);
  // pg's own parser's Date or text, as the cursor path's csvCell writes them.
  return typeof read === "number" ? iso(read) : csvCell(String(read));
}

/** A line (without its LF) that needs care, cell by cell. */
function carefulLine(line: Buffer, cells: readonly CopyCell[], iso: (ms: number) => string): Buffer {
  const texts: string[] = [];
  let from = 0;
  for (let col = 0; col < cells.length; col++) {
    let to = line.indexOf(TAB, from);
    if (to < 0 || col === cells.length - 1) to = line.length;
    const value = copyValue(line.subarray(from, to));
    const kind = cells[col];
    // Plain cells are written by the statement as the CSV has them.
    texts.push(kind === "text" ? csvCell(value) : kind === "instant" ? instantText(value, iso) : (value ?? ""));
    from = to + 1;
  }
  return Buffer.from(texts.join(",") + "\r\n", "utf8");
}

/**
 * Turns COPY's text-format rows into CSV lines, chunk by chunk (a row may be split between
 * chunks). `cells[i]` says what column i holds; `timeZone` is the session's, in which
 * instants are written. Each chunk gives its lines as one or more buffers; only a row
 * split between chunks is copied twice.
 */
export function copyRowsToCsv(
  cells: readonly CopyCell[],
  timeZone: string,
): { write(chunk: Buffer): Buffer[]; end(): void } {
  const last = cells.length - 1;
  const isText = Uint8Array.from(cells, (c) => Number(c === "text"));
  const isInstant = Uint8Array.from(cells, (c) => Number(c === "instant"));
  const growth = 1 + INSTANT_GROWTH * isInstant.reduce((n, b) => n + b, 0);
  const iso = isoFormatterMs(timeZone);
  let carry: Buffer | null = null;

  /** The complete lines chunk[start, end) (end just after an LF), onto parts. */
  function convert(chunk: Buffer, start: number, end: number, parts: Buffer[]) {
    // A plain line grows by its CR and its instants' text; careful lines become parts of their own.
    let lines = 0;
    for (let at = chunk.indexOf(LF, start); at >= 0 && at < end; at = chunk.indexOf(LF, at + 1)) lines++;
    const out = Buffer.allocUnsafe(end - start + lines * growth);
    let o = 0;
    let segment = 0;
    let lineStart = start;
    let lineOut = 0;
    let col = 0;
    let careful = isText[0] === 1 && FIRST[chunk[start]] === 1;
    let cellStart = start;
    for (let i = start; i < end; i++) {
      const b = chunk[i];
      if (b === TAB || b === LF) {
        if (isText[col] === 1 && i > cellStart && chunk[i - 1] === SPACE) careful = true;
        if (b === TAB) {
          out[o++] = COMMA;
          col++;
          cellStart = i + 1;
          if (col <= last && isText[col] === 1 && FIRST[chunk[i + 1]] === 1) careful = true;
          continue;
        }
        if (careful) {
          if (lineOut > segment) parts.push(out.subarray(segment, lineOut));
          parts.push(carefulLine(chunk.subarray(lineStart, i), cells, iso));
          // What was copied of this line is dropped: the next line starts where it started.
          o = segment = lineOut;
        } else {
          out[o++] = CR;
          out[o++] = LF;
        }
        lineStart = cellStart = i + 1;
        lineOut = o;
        col = 0;
        careful = isText[0] === 1 && i + 1 < end && FIRST[chunk[i + 1]] === 1;
        continue;
      }
      if (isInstant[col] === 1 && i === cellStart) {
        // An instant holds no tab or line feed of its own.
        let to = i + 1;
        while (to < end && chunk[to] !== TAB && chunk[to] !== LF) to++;
        const next = instantCell(chunk, i, to, out, o);
        if (next < 0) careful = true;
        else o = next;
        i = to - 1;
        continue;
      }
      if (isText[col] === 1 && ANYWHERE[b] === 1) careful = true;
      out[o++] = b;
    }
    if (o > segment) parts.push(out.subarray(segment, o));
  }

  return {
    write(input) {
      const parts: Buffer[] = [];
      let from = 0;
      if (carry) {
        const lf = input.indexOf(LF);
        if (lf < 0) {
          carry = Buffer.concat([carry, input]);
          return parts;
        }
        const line = Buffer.concat([carry, input.subarray(0, lf + 1)]);
        convert(line, 0, line.length, parts);
        carry = null;
        from = lf + 1;
      }
      const end = input.lastIndexOf(LF) + 1;
      if (end > from) convert(input, from, end, parts);
      const rest = Math.max(end, from);
      // A copy: the chunk's memory may be reused once it has been handed on.
      if (rest < input.length) carry = Buffer.from(input.subarray(rest));
      return parts;
    },
    end() {
      if (carry) throw new Error("COPY ended in the middle of a row.");
    },
  };
}
