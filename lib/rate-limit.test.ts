import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ApiError } from "./api/errors";
import { hit, isLimited, limitExports } from "./rate-limit";

const rule = (limit: number) => ({ name: `test-${randomBytes(4).toString("hex")}`, limit, windowMs: 60_000 });

describe("rate limits", () => {
  it("allows the limit, refuses the next hit with a retry time, and opens again after the window", async () => {
    const r = rule(3);
    const t0 = Date.UTC(2026, 0, 1);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await hit(r, "alice", t0 + i * 1000));
    expect(results.map((s) => s.allowed)).toEqual([true, true, true, false]);
    expect(results[3].retryAfterSeconds).toBe(57);
    expect((await isLimited(r, "alice", t0 + 5000)).allowed).toBe(false);
    expect((await isLimited(r, "bob", t0 + 5000)).allowed).toBe(true);
    const later = await hit(r, "alice", t0 + 61_000);
    expect(later).toMatchObject({ allowed: true, count: 1 });
  });

  it("counts concurrent hits exactly", async () => {
    const r = rule(1000);
    const states = await Promise.all(Array.from({ length: 40 }, () => hit(r, "burst")));
    expect(states.map((s) => s.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it("refuses exports past the per-user limit with a 429 and Retry-After", async () => {
    process.env.CHARTROOM_RATE_EXPORTS_PER_USER = "2";
    try {
      const user = `user-${randomBytes(4).toString("hex")}`;
      await limitExports(user, "ws-a");
      await limitExports(user, "ws-a");
      const error = await limitExports(user, "ws-a").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(429);
      expect(Number((error as ApiError).headers?.["Retry-After"])).toBeGreaterThan(0);
    } finally {
      delete process.env.CHARTROOM_RATE_EXPORTS_PER_USER;
    }
  });
});
