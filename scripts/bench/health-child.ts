// Child process of `npm run bench` for the health case: asks for /api/health every 10 ms
// (after ten it does not count, then says "ready") until the stop file appears, in a process of its own, so the bench process reading the
// two downloads does not delay the samples in its own event loop.
//   health-child.ts <base url> <stop file>
// Prints one JSON line: each request's time (ms), the database query's time the health
// check reported (ms), and this process's event-loop delay p95 (ms).
import { existsSync } from "node:fs";
import http from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";

const [base, stopFile] = process.argv.slice(2);

function health(): Promise<{ ms: number; queryMs: number | null }> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}/api/health`, { agent: false }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => {
        const ms = performance.now() - t;
        const m = /"latencyMs":(\d+)/.exec(body);
        resolve({ ms, queryMs: m ? Number(m[1]) : null });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

for (let i = 0; i < 10; i++) await health();
console.log("ready");
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const ms: number[] = [];
const queryMs: number[] = [];
while (!existsSync(stopFile)) {
  const sample = await health();
  ms.push(sample.ms);
  if (sample.queryMs !== null) queryMs.push(sample.queryMs);
  await new Promise((r) => setTimeout(r, 10));
}
loop.disable();
console.log(JSON.stringify({ ms, queryMs, loopP95: loop.percentile(95) / 1e6 }));
