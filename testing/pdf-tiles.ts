// The headline tiles of a report PDF as pdftotext reads them (raw order): one text line
// per label, then one per value, then one per detail, row of tiles by row of tiles.

export interface PdfTile {
  label: string;
  value: string;
  detail: string;
}

const same = (line: string, label: string) =>
  line === label || (line.endsWith("\u2026") && label.startsWith(line.slice(0, -1)));

/** The tiles with the given labels (in order, at most four to a row), or null when the text has no such row. */
export function pdfTiles(text: string, labels: string[]): PdfTile[] | null {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const tiles: PdfTile[] = [];
  let from = 0;
  for (let start = 0; start < labels.length; start += 4) {
    const row = labels.slice(start, start + 4);
    const at = lines.findIndex((_, i) => i >= from && row.every((label, k) => same(lines[i + k] ?? "", label)));
    if (at < 0) return null;
    for (let k = 0; k < row.length; k++) {
      tiles.push({ label: row[k], value: lines[at + row.length + k], detail: lines[at + 2 * row.length + k] });
    }
    from = at + 3 * row.length;
  }
  return tiles;
}
