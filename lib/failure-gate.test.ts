import { describe, expect, it } from "vitest";
import { failureGate } from "./failure-gate";

describe("failureGate", () => {
  it("passes results and rejections through while nothing failed", async () => {
    const gate = failureGate();
    await expect(gate.until(Promise.resolve(7))).resolves.toBe(7);
    await expect(gate.until(Promise.reject(new Error("read failed")))).rejects.toThrow("read failed");
    expect(gate.failure).toBeNull();
  });

  it("rejects the waits in progress, and every later one at once, with the first failure", async () => {
    const gate = failureGate();
    const never = new Promise<number>(() => {});
    const pending = [gate.until(never), gate.until(never)];
    gate.fail(new Error("connection ended"));
    gate.fail(new Error("second"));
    for (const wait of pending) await expect(wait).rejects.toThrow("connection ended");
    await expect(gate.until(Promise.resolve(1))).rejects.toThrow("connection ended");
    expect(gate.failure?.message).toBe("connection ended");
  });

  it("handles the rejection of a promise passed in after the failure, so nothing goes unhandled", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const gate = failureGate();
      gate.fail(new Error("connection ended"));
      await expect(gate.until(Promise.reject(new Error("read on a dead connection")))).rejects.toThrow(
        "connection ended",
      );
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("leaves settled waits alone when a failure comes later", async () => {
    const gate = failureGate();
    const done = gate.until(Promise.resolve("rows"));
    await expect(done).resolves.toBe("rows");
    gate.fail(new Error("late"));
    await expect(done).resolves.toBe("rows");
  });
});
