import { describe, expect, it } from "vitest";
import { SERIES_PALETTE, seriesColor, seriesColors } from "./palette";

describe("series colours", () => {
  it("follow the series value, not its rank or the other series drawn", () => {
    const all = seriesColors(["free", "starter", "pro", "enterprise"]);
    const some = seriesColors(["enterprise", "pro"]);
    for (const plan of ["pro", "enterprise"]) expect(some.get(plan)).toBe(all.get(plan));
    expect(seriesColors(["pro", "free", "enterprise", "starter"])).toEqual(all);
    expect(seriesColor("pro")).toBe(seriesColor("pro"));
  });

  it("never give two series of one chart the same colour while the palette lasts", () => {
    const names = Array.from({ length: SERIES_PALETTE.length }, (_, i) => `series ${i}`);
    expect(new Set(seriesColors(names).values()).size).toBe(SERIES_PALETTE.length);
  });
});
