import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { createScratchDatabase, TEST_POSTGRES_URL, type ScratchDatabase } from "../../testing/scratch-database";
import { ResendStandIn } from "../../testing/resend-server";
import { signInApi } from "../helpers/auth";

const PORTS = [3110, 3111];
const CRON_SECRET = "two-instances-secret";

function startServer(port: number, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [join("scripts", "serve.mjs"), "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: "ignore",
  });
}

async function healthy(api: APIRequestContext): Promise<void> {
  await expect
    .poll(async () => (await api.get("/api/health").catch(() => null))?.status() ?? 0, {
      timeout: 90_000,
      intervals: [500],
    })
    .toBe(200);
}

test.describe("two instances on one PostgreSQL", () => {
  test.setTimeout(300_000);
  let scratch: ScratchDatabase;
  let servers: ChildProcess[] = [];
  let files: string;
  const resend = new ResendStandIn();

  test.afterAll(async () => {
    for (const s of servers) s.kill("SIGTERM");
    await resend.stop();
    await scratch?.drop();
    if (files) rmSync(files, { recursive: true, force: true });
  });

  test("every export runs once and every scheduled e-mail is sent once", async () => {
    scratch = await createScratchDatabase(TEST_POSTGRES_URL(), "chartroom_two");
    files = mkdtempSync(join(tmpdir(), "chartroom-two-"));
    const env = {
      DATABASE_URL: scratch.url,
      NEXTAUTH_SECRET: "two-instances-session-secret",
      CRON_SECRET,
      RESEND_API_KEY: "re_two_instances",
      RESEND_BASE_URL: await resend.start(),
      // Both servers sign in as the demo user: PostgreSQL starts outside demo mode otherwise.
      CHARTROOM_DEMO: "on",
      CHARTROOM_DEMO_EVENTS: "20000",
      // One shared volume for files, as several instances behind a load balancer would have.
      CHARTROOM_EXPORT_DIR: join(files, "exports"),
      CHARTROOM_LOG: "off",
    };
    servers = PORTS.map((port) => startServer(port, env));
    const apis = await Promise.all(
      PORTS.map((port) => playwrightRequest.newContext({ baseURL: `http://127.0.0.1:${port}` })),
    );
    for (const api of apis) await healthy(api);
    for (const api of apis) await signInApi(api);

    const { reports } = await (await apis[0].get("/api/reports")).json();
    const usage = reports.find((r: { templateKey?: string; name: string }) => r.name === "Usage Summary");
    const daily = reports.find((r: { name: string }) => r.name === "Daily Summary");

    // A stream of exports, half asked of each instance.
    const exportIds: string[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await apis[i % 2].post("/api/exports", {
        data: { reportId: i % 3 === 0 ? daily.id : usage.id, format: i % 4 === 0 ? "xlsx" : "csv" },
      });
      expect(res.status()).toBe(202);
      exportIds.push((await res.json()).export.id);
    }

    // Due schedules, dispatched by both instances at once (cron calls and their own schedulers).
    const recipients: string[] = [];
    const scheduleIds: string[] = [];
    for (let i = 0; i < 6; i++) {
      const to = [`first-${i}@example.com`, `second-${i}@example.com`];
      recipients.push(...to);
      const res = await apis[i % 2].post("/api/schedules", {
        data: {
          name: `Both instances ${i}`,
          reportId: usage.id,
          cron: "*/5 * * * *",
          timezone: "UTC",
          formats: ["csv"],
          recipients: to,
        },
      });
      expect(res.status()).toBe(201);
      scheduleIds.push((await res.json()).schedule.id);
    }
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    await client.query("UPDATE schedules SET next_run_at = now() - interval '10 seconds' WHERE id = ANY($1)", [
      scheduleIds,
    ]);
    const auth = { headers: { Authorization: `Bearer ${CRON_SECRET}` } };
    await Promise.all([0, 1, 0, 1, 0, 1].map((i) => apis[i].get("/api/cron/dispatch", auth)));

    await expect
      .poll(
        async () => {
          const { rows } = await client.query(
            "SELECT count(*)::int AS n FROM export_jobs WHERE id = ANY($1) AND status IN ('succeeded', 'failed', 'canceled')",
            [exportIds],
          );
          return rows[0].n;
        },
        { timeout: 180_000, intervals: [1000] },
      )
      .toBe(exportIds.length);
    const jobs = (
      await client.query("SELECT status, attempts, worker_id FROM export_jobs WHERE id = ANY($1)", [exportIds])
    ).rows;
    expect(jobs.every((j) => j.status === "succeeded" && j.attempts === 1)).toBe(true);

    const runs = (
      await client.query("SELECT schedule_id, status FROM schedule_runs WHERE schedule_id = ANY($1)", [scheduleIds])
    ).rows;
    expect(runs).toHaveLength(scheduleIds.length);
    expect(runs.every((r) => r.status === "succeeded")).toBe(true);
    for (const address of recipients) {
      expect(
        resend.requests.filter((r) => r.to.includes(address)),
        address,
      ).toHaveLength(1);
    }
    await client.end();
    for (const api of apis) await api.dispose();
  });
});
