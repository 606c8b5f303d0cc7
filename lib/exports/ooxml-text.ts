// Strings as a workbook must carry them. XML 1.0 cannot hold some characters at all, and
// OOXML gives `_xHHHH_` a meaning of its own inside cell text (ECMA-376 ST_Xstring).

/** Shown in place of a character XML 1.0 cannot hold, so the loss is visible. */
export const XML_REPLACEMENT = "\uFFFD";

// Outside XML 1.0's Char production: C0 controls other than tab, LF and CR, surrogate
// code units without their partner, and U+FFFE/U+FFFF.
const XML_FORBIDDEN =
  /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The string with every character XML 1.0 forbids replaced by U+FFFD; nothing else changes. */
export function xmlSafe(text: string): string {
  return text.replace(XML_FORBIDDEN, XML_REPLACEMENT);
}

// Text Excel would decode: the underscore that starts a literal `_xHHHH_` (found with a
// lookahead, since escapes can overlap: `_x005F_x0041_`), and characters an XML reader
// would not return as written (CR becomes LF under XML line-end normalisation; exceljs
// drops DEL).
const OOXML_ESCAPE = /_(?=x[0-9A-Fa-f]{4}_)|[\r\x7F]/g;

/**
 * Cell (and other workbook) text: forbidden characters replaced as in `xmlSafe`, CR and
 * DEL written as `_x000D_`/`_x007F_`, and a literal `_xHHHH_` escaped as `_x005F_xHHHH_`
 * so that Excel shows it as typed. XML entity escaping is left to the XML writer.
 */
export function ooxmlText(text: string): string {
  return xmlSafe(text).replace(OOXML_ESCAPE, (match) =>
    match === "_" ? "_x005F_" : `_x${match.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`,
  );
}
