// Generators of unusual strings, by class, for property-based tests. Each class is one
// entry of HOSTILE_STRING_PIECES: add an entry to plug another class into every suite
// that builds its values with hostileString().
import fc from "fast-check";

const char = (code: number) => String.fromCodePoint(code);

export const HOSTILE_STRING_PIECES = {
  /** A high or low surrogate without its partner (not valid Unicode; refused at the door). */
  loneSurrogate: fc
    .oneof(fc.integer({ min: 0xd800, max: 0xdbff }), fc.integer({ min: 0xdc00, max: 0xdfff }))
    .map((c) => String.fromCharCode(c)),
  /** Noncharacters: U+FFFE/U+FFFF (forbidden in XML), U+FDD0–U+FDEF and the last two of each plane. */
  noncharacter: fc
    .oneof(
      fc.constantFrom(0xfffe, 0xffff),
      fc.integer({ min: 0xfdd0, max: 0xfdef }),
      fc
        .integer({ min: 1, max: 16 })
        .chain((plane) => fc.constantFrom(plane * 0x10000 + 0xfffe, plane * 0x10000 + 0xffff)),
    )
    .map(char),
  /** C0 controls (NUL included), DEL and C1 controls. */
  control: fc.oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f })).map(char),
  /** Every way to break a line: CR, LF, CRLF, NEL, U+2028, U+2029, plus tab. */
  lineSeparator: fc.constantFrom("\r", "\n", "\r\n", "\u0085", "\u2028", "\u2029", "\t"),
  /** Right-to-left scripts and bidi controls. */
  rightToLeft: fc.constantFrom("עברית", "العربية", "فارسی", "\u202Eevil\u202C", "\u200F", "\u2067x\u2069", "a\u05D0b"),
  /** Literal OOXML escapes, which Excel would decode unless escaped again. */
  ooxmlEscape: fc
    .tuple(fc.constantFrom("x", "X"), fc.stringMatching(/^[0-9A-Fa-f]{4}$/))
    .map(([x, hex]) => `_${x}${hex}_`)
    .chain((s) => fc.constantFrom(s, "_x000D_", "_x005F_", "_x0041_", "_x005F_x0041_")),
  /** What a spreadsheet would run as a formula, and CSV's quoting characters. */
  formulaAndQuoting: fc.constantFrom("=1+2", "+1", "-x", "@SUM(A1)", '"', ",", "'", "\uFEFF", " "),
  /** Astral characters, combining marks, CJK, emoji. */
  wide: fc.constantFrom("🚀", "👩‍👩‍👧", "e\u0301", "東京", "𝔘", "\u00A0", "\u00AD"),
  /** Ordinary text, including markup characters. */
  plain: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("<b>&amp;</b>", "a'b", "Zürich")),
} satisfies Record<string, fc.Arbitrary<string>>;

export type HostileStringClass = keyof typeof HOSTILE_STRING_PIECES;
export const HOSTILE_STRING_CLASSES = Object.keys(HOSTILE_STRING_PIECES) as HostileStringClass[];

/** A string of 1–`maxPieces` pieces drawn from the given classes (all by default). */
export function hostileString(
  classes: readonly HostileStringClass[] = HOSTILE_STRING_CLASSES,
  maxPieces = 6,
): fc.Arbitrary<string> {
  const pieces = fc.oneof(...classes.map((c) => HOSTILE_STRING_PIECES[c]));
  return fc.array(pieces, { minLength: 1, maxLength: maxPieces }).map((parts) => parts.join(""));
}

/** Exactly `length` UTF-16 code units of hostile pieces (10,000 by default), never cutting a pair. */
export function longHostileString(
  length = 10_000,
  classes: readonly HostileStringClass[] = HOSTILE_STRING_CLASSES,
): fc.Arbitrary<string> {
  return fc.array(hostileString(classes), { minLength: 1, maxLength: 8 }).map((parts) => {
    const seed = parts.join("") || "x";
    let text = "";
    while (text.length < length) text += seed;
    text = text.slice(0, length);
    return /[\uD800-\uDBFF]$/.test(text) ? `${text.slice(0, -1)}x` : text;
  });
}
