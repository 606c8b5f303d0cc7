import { describe, expect, it } from "vitest";
import { contentDisposition, safeFileName } from "./filename";

describe("download file names", () => {
  it("keeps safe names and strips separators, quotes and header breaks", () => {
    expect(safeFileName("usage-summary_acme_2026-01-01_2026-01-31", "csv")).toBe(
      "usage-summary_acme_2026-01-01_2026-01-31.csv",
    );
    for (const hostile of ['../../etc/passwd', 'a"b', "x\r\nSet-Cookie: y=1", "..\\win", "", "///"]) {
      const name = safeFileName(hostile, "csv");
      expect(name).toMatch(/^[\w.-]+\.csv$/);
      expect(name).not.toMatch(/\.\.|[/\\"\r\n]/);
    }
  });

  it("writes an RFC 6266 header", () => {
    expect(contentDisposition("a.csv")).toBe(`attachment; filename="a.csv"; filename*=UTF-8''a.csv`);
  });
});
