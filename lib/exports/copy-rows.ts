import { csvCell } from "./csv";

// COPY's text format, one column per CSV cell, turned into CSV lines. In that format a raw
// tab only ever separates columns and a raw LF only ever ends a row (PostgreSQL writes a
// tab, LF, CR or backslash inside a value as a backslash escape, NULL as \N), so cells are
// found without parsing. PostgreSQL writes non-text cells exactly as they go into the CSV;
// text cells are checked here, one byte at a time, for anything papaparse would quote or
// the formula guard would change. A line with such a cell is rebuilt cell by cell with
// csvCell (the cursor path's rule); every other line is copied with tabs turned into
// commas and LF into CRLF.

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const COMMA = 0x2c;
const BACKSLASH = 0x5c;

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

/** A line (without its LF) that needs care, cell by cell. */
function carefulLine(line: Buffer, text: readonly boolean[]): Buffer {
  const cells: string[] = [];
  let from = 0;
  for (let col = 0; col < text.length; col++) {
    let to = line.indexOf(TAB, from);
    if (to < 0 || col === text.length - 1) to = line.length;
    const value = copyValue(line.subarray(from, to));
    // Non-text cells are written by the statement as the CSV has them.
    cells.push(text[col] ? csvCell(value) : (value ?? ""));
    from = to + 1;
  }
  return Buffer.from(cells.join(",") + "\r\n", "utf8");
}

/**
 * Turns COPY's text-format rows into CSV lines, chunk by chunk (a row may be split between
 * chunks). `text[i]` says whether column i holds text that may need quoting or the
 * formula guard; the other columns must hold nothing but their CSV text. Each chunk gives
 * its lines as one or more buffers; only a row split between chunks is copied twice.
 */
export function copyRowsToCsv(text: readonly boolean[]): { write(chunk: Buffer): Buffer[]; end(): void } {
  const last = text.length - 1;
  const isText = Uint8Array.from(text, Number);
  let carry: Buffer | null = null;

  /** The complete lines chunk[start, end) (end just after an LF), onto parts. */
  function convert(chunk: Buffer, start: number, end: number, parts: Buffer[]) {
    // A plain line grows by its CR only; careful lines become parts of their own.
    let lines = 0;
    for (let at = chunk.indexOf(LF, start); at >= 0 && at < end; at = chunk.indexOf(LF, at + 1)) lines++;
    const out = Buffer.allocUnsafe(end - start + lines);
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
          parts.push(carefulLine(chunk.subarray(lineStart, i), text));
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
