import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { renderReportPdfBuffer } from "../../testing/pdf-buffer";
import { hourlyModelReport } from "../../testing/sample-report";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

describe("PDF rendering memory", () => {
  it("lets each rendered document go once its file is written", async () => {
    // The report's metadata is held by the document's React tree; once the file is out,
    // nothing may keep that tree (with its table of up to 20,000 rows) alive.
    const refs = await (async () => {
      const out: WeakRef<object>[] = [];
      for (let i = 0; i < 2; i++) {
        const { meta, rows } = hourlyModelReport(200);
        out.push(new WeakRef(meta));
        expect((await renderReportPdfBuffer(meta, rows, { template: "detailed" })).subarray(0, 5).toString()).toBe(
          "%PDF-",
        );
      }
      return out;
    })();
    // WeakRefs hold their target until the current job ends.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(refs.map((ref) => ref.deref() === undefined)).toEqual([true, true]);
  });
});
