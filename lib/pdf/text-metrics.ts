// Text measurement for the built-in Helvetica faces. Pages are laid out up front
// (fixed row heights, lines wrapped here) because react-pdf's own text layout and
// page splitting cost seconds on tables of a few thousand rows.

export type FontFace = "regular" | "bold";

// Advance widths in 1/1000 em from Adobe's Helvetica AFM files (as shipped with pdfkit),
// for the WinAnsi characters the standard fonts can draw.
const REGULAR_ASCII = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556,
  556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,
  722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556,
  556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334,
  260, 334, 584,
];
const REGULAR_LATIN1 = [
  278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333, 400, 584, 333, 333, 333, 556, 537,
  278, 333, 333, 365, 556, 834, 834, 834, 611, 667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278,
  278, 278, 722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, 556, 556, 556, 556, 556,
  556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278, 556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556,
  556, 500, 556, 500,
];
const REGULAR_EXTRA: Record<number, number> = {
  0x20ac: 556,
  0x201a: 222,
  0x192: 556,
  0x201e: 333,
  0x2026: 1000,
  0x2020: 556,
  0x2021: 556,
  0x2c6: 333,
  0x2030: 1000,
  0x160: 667,
  0x2039: 333,
  0x152: 1000,
  0x17d: 611,
  0x2018: 222,
  0x2019: 222,
  0x201c: 333,
  0x201d: 333,
  0x2022: 350,
  0x2013: 556,
  0x2014: 1000,
  0x2dc: 333,
  0x2122: 1000,
  0x161: 500,
  0x203a: 333,
  0x153: 944,
  0x17e: 500,
  0x178: 500,
};
const BOLD_ASCII = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556,
  556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833,
  722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611,
  556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389,
  280, 389, 584,
];
const BOLD_LATIN1 = [
  278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333, 400, 584, 333, 333, 333, 611, 556,
  278, 333, 333, 365, 556, 834, 834, 834, 611, 722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278,
  278, 278, 722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, 556, 556, 556, 556, 556,
  556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278, 611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611,
  611, 556, 611, 556,
];
const BOLD_EXTRA: Record<number, number> = {
  0x20ac: 556,
  0x201a: 278,
  0x192: 556,
  0x201e: 500,
  0x2026: 1000,
  0x2020: 556,
  0x2021: 556,
  0x2c6: 333,
  0x2030: 1000,
  0x160: 667,
  0x2039: 333,
  0x152: 1000,
  0x17d: 611,
  0x2018: 278,
  0x2019: 278,
  0x201c: 500,
  0x201d: 500,
  0x2022: 350,
  0x2013: 556,
  0x2014: 1000,
  0x2dc: 333,
  0x2122: 1000,
  0x161: 556,
  0x203a: 333,
  0x153: 944,
  0x17e: 500,
  0x178: 556,
};

const FACES = {
  regular: { ascii: REGULAR_ASCII, latin1: REGULAR_LATIN1, extra: REGULAR_EXTRA },
  bold: { ascii: BOLD_ASCII, latin1: BOLD_LATIN1, extra: BOLD_EXTRA },
} as const;

const ELLIPSIS = "\u2026";

/** Look-alikes for characters WinAnsi lacks but Intl and people commonly produce. */
const SUBSTITUTES: Record<number, string> = {
  0x2212: "-", // minus sign
  0x2010: "-",
  0x2011: "-",
  0x2012: "-",
  // The soft hyphen: react-pdf's line breaking fails on it, and WinAnsi draws it as "-" anyway.
  0x00ad: "-",
  0x2015: "\u2014",
  0x2007: " ",
  0x2009: " ",
  0x200a: " ",
  0x202f: " ", // narrow no-break space, used by Intl before AM/PM
  0x2002: " ",
  0x2003: " ",
  0x2032: "'",
  0x2033: '"',
  0x2044: "/",
  0x2190: "<-",
  0x2192: "->",
  0x2264: "<=",
  0x2265: ">=",
  0x2248: "~",
  0x00d7: "x",
};

function advance(face: FontFace, code: number): number | undefined {
  const f = FACES[face];
  if (code >= 32 && code < 127) return f.ascii[code - 32];
  if (code >= 160 && code <= 255) return f.latin1[code - 160];
  return f.extra[code];
}

// Line breaks of every kind read as spaces on one line: tab, LF, CR, NEL, U+2028, U+2029.
const LINE_BREAKS = new Set([9, 10, 13, 0x85, 0x2028, 0x2029]);

/** What the standard fonts draw for a character they have no glyph for (documented in the README). */
export const PDF_REPLACEMENT = "?";

/**
 * Text the standard fonts can draw: Latin-1 (and the rest of WinAnsi) exactly, line
 * breaks as spaces, common typographic characters as their WinAnsi look-alikes, and
 * anything else, control characters included, as a visible "?". The built-in Helvetica
 * has no glyphs outside WinAnsi, and drawing them would print garbage.
 */
export function pdfText(value: string): string {
  let out = "";
  let plain = true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 32 || (c >= 127 && c < 160) || c === 0xad || advance("regular", c) === undefined) {
      plain = false;
      break;
    }
  }
  if (plain) return value;
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 63;
    if (LINE_BREAKS.has(code)) out += " ";
    else if (code >= 32 && (code < 127 || code >= 160) && code !== 0xad && advance("regular", code) !== undefined)
      out += ch;
    else out += SUBSTITUTES[code] ?? PDF_REPLACEMENT;
  }
  return out;
}

/** Width in points of already-sanitised text. */
export function textWidth(text: string, size: number, face: FontFace = "regular"): number {
  let units = 0;
  for (let i = 0; i < text.length; i++) units += advance(face, text.charCodeAt(i)) ?? 556;
  return (units * size) / 1000;
}

/** The text, cut with an ellipsis where needed so it fits `maxWidth`. */
export function truncate(text: string, maxWidth: number, size: number, face: FontFace = "regular"): string {
  if (textWidth(text, size, face) <= maxWidth) return text;
  const room = maxWidth - textWidth(ELLIPSIS, size, face);
  if (room <= 0) return "";
  let units = 0;
  const limit = (room * 1000) / size;
  let end = 0;
  while (end < text.length) {
    const next = units + (advance(face, text.charCodeAt(end)) ?? 556);
    if (next > limit) break;
    units = next;
    end++;
  }
  return text.slice(0, end).trimEnd() + ELLIPSIS;
}

/**
 * Greedy word wrap into at most `maxLines` lines; the last line gets an ellipsis when
 * text is left over. Words wider than a line are cut.
 */
export function wrapLines(
  text: string,
  maxWidth: number,
  size: number,
  maxLines: number,
  face: FontFace = "regular",
): string[] {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let current = "";
  let i = 0;
  while (i < words.length && lines.length < maxLines) {
    const candidate = current ? `${current} ${words[i]}` : words[i];
    if (textWidth(candidate, size, face) <= maxWidth) {
      current = candidate;
      i++;
      continue;
    }
    if (!current) {
      // A single word wider than the line: cut it.
      lines.push(truncate(words[i], maxWidth, size, face));
      i++;
      continue;
    }
    lines.push(current);
    current = "";
  }
  if (current && lines.length < maxLines) lines.push(current);
  if (i < words.length && lines.length > 0) {
    const last = lines.length - 1;
    const rest = [lines[last], ...words.slice(i)].join(" ");
    lines[last] = truncate(rest, maxWidth, size, face);
    if (!lines[last].endsWith(ELLIPSIS)) lines[last] = truncate(`${lines[last]}${ELLIPSIS}`, maxWidth, size, face);
  }
  return lines;
}
