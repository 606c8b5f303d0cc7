import { describe, expect, it } from "vitest";
import { asciiFileName, contentDisposition, safeFileName } from "./filename";

/** What a browser makes of the header: `filename*` decoded when present (RFC 6266 §4.3), else `filename`. */
function parsedName(header: string): { plain: string; extended: string | null } {
  const plain = /filename="([^"]*)"/.exec(header)?.[1] ?? "";
  const star = /filename\*=UTF-8''([^;\s]*)/.exec(header)?.[1];
  return { plain, extended: star === undefined ? null : decodeURIComponent(star) };
}

describe("download file names", () => {
  it("keeps safe names and strips separators, quotes and header breaks", () => {
    expect(safeFileName("usage-summary_acme_2026-01-01_2026-01-31", "csv")).toBe(
      "usage-summary_acme_2026-01-01_2026-01-31.csv",
    );
    for (const hostile of [
      "../../etc/passwd",
      'a"b',
      "x\r\nSet-Cookie: y=1",
      "..\\win",
      "",
      "///",
      "\u202eexe.csv",
      "a\u0000b",
    ]) {
      const name = safeFileName(hostile, "csv");
      expect(name).toMatch(/^[\p{L}\p{M}\p{N}_.-]+\.csv$/u);
      expect(name).not.toMatch(/\.\.|[/\\"\r\n\u202e\u0000]/);
    }
  });

  it("keeps non-ASCII report names: the real name in filename*, an ASCII fallback in filename", () => {
    const name = safeFileName("Umsätze_acme_2026-01-01_2026-01-31", "xlsx");
    expect(name).toBe("Umsätze_acme_2026-01-01_2026-01-31.xlsx");
    const header = contentDisposition(name);
    expect(header).toBe(
      `attachment; filename="Umsatze_acme_2026-01-01_2026-01-31.xlsx"; filename*=UTF-8''Ums%C3%A4tze_acme_2026-01-01_2026-01-31.xlsx`,
    );
    expect(parsedName(header)).toEqual({ plain: "Umsatze_acme_2026-01-01_2026-01-31.xlsx", extended: name });
    // A decomposed "ä" (as macOS file names are written) arrives as the same name.
    expect(safeFileName("Umsa\u0308tze", "csv")).toBe("Umsätze.csv");

    for (const [base, plain] of [
      ["Café Überblick", "Cafe-Uberblick.csv"],
      ["名前 📊", "download.csv"],
      ["Ærø ØL", "r-L.csv"],
    ] as const) {
      const file = safeFileName(base, "csv");
      const parsed = parsedName(contentDisposition(file));
      expect(parsed.extended).toBe(file);
      expect(parsed.plain).toBe(plain);
      expect(parsed.plain).toMatch(/^[\x21-\x7e]+$/);
    }
    expect(asciiFileName("名前.csv")).toBe("download.csv");
  });

  it("writes an RFC 6266 header that nothing in a name can break out of", () => {
    expect(contentDisposition("a.csv")).toBe(`attachment; filename="a.csv"; filename*=UTF-8''a.csv`);
    // Outbox attachments keep the name they were sent with; it is still cleaned here.
    const header = contentDisposition("x\"; filename=evil.exe\r\n'(*).csv");
    expect(header).not.toMatch(/[\r\n]/);
    const { plain, extended } = parsedName(header);
    expect(plain).not.toMatch(/["\\/]/);
    expect(header).toMatch(/filename\*=UTF-8''[A-Za-z0-9%._~!$&+,;=:@`^|{}#-]+$/);
    expect(extended).not.toMatch(/["\r\n]/);
  });
});
