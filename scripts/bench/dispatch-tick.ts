// Benchmark case: one call of the cron route (GET /api/cron/dispatch, its real handler)
// with N due schedules of small reports, e-mailed through the real Resend SDK to a local
// stand-in of its API and, with `webhook`, also posted to a signed webhook each (a local
// receiver that verifies every signature). Reports wall time, deliveries per second, peak
// RSS and whether any recipient or webhook got an occurrence twice.
import { db } from "../../lib/db";
import { newWebhookSecret } from "../../lib/schedules/destinations";
import { seal } from "../../lib/schedules/secret-box";
import { ResendStandIn } from "../../testing/resend-server";
import { WebhookReceiver } from "../../testing/webhook-receiver";
import { scratchWorkspace } from "../../testing/workspaces";

export interface DispatchTickResult {
  schedules: number;
  seconds: number;
  /** CPU time of this process (user + system): steadier than wall time on a shared machine. */
  cpuSeconds: number;
  emailsPerSecond: number;
  emails: number;
  duplicates: number;
  /** Verified webhook deliveries (0 without webhooks). */
  webhooks: number;
  runs: number;
  failedRuns: number;
  peakRssMb: number;
}

export async function benchDispatchTick(schedules: number, webhook = false): Promise<DispatchTickResult> {
  const resend = new ResendStandIn();
  const hooks = new WebhookReceiver();
  const saved = {
    base: process.env.RESEND_BASE_URL,
    key: process.env.RESEND_API_KEY,
    log: process.env.CHARTROOM_LOG,
    cron: process.env.CRON_SECRET,
    outbound: process.env.CHARTROOM_OUTBOUND_ALLOW_PRIVATE,
  };
  process.env.RESEND_BASE_URL = await resend.start();
  process.env.RESEND_API_KEY = "re_bench";
  process.env.CHARTROOM_LOG = "off";
  process.env.CRON_SECRET = "bench-cron-secret";
  // The receiver listens on 127.0.0.1.
  process.env.CHARTROOM_OUTBOUND_ALLOW_PRIVATE = "true";
  const hooksUrl = webhook ? await hooks.start() : "";
  const { GET: cronDispatch } = await import("../../app/api/cron/dispatch/route");
  try {
    const t = await scratchWorkspace({ events: 2000, days: 10, timezone: "America/New_York" });
    const report = await t.report("alerts");
    const due = new Date(Date.now() - 30_000);
    await db.schedule.createMany({
      data: Array.from({ length: schedules }, (_, i) => ({
        workspaceId: t.workspace.id,
        reportId: report.id,
        name: `Bench ${i}`,
        cron: "* * * * *",
        timezone: "UTC",
        formats: JSON.stringify(["csv"]),
        recipients: JSON.stringify([`bench-${i}@example.com`]),
        nextRunAt: due,
        createdBy: t.people.owner.email,
      })),
    });
    if (webhook) {
      const secret = newWebhookSecret();
      const created = await db.schedule.findMany({ where: { workspaceId: t.workspace.id }, select: { id: true } });
      created.forEach((s) => hooks.secretFor(`/bench/${s.id}`, secret));
      await db.scheduleDestination.createMany({
        data: created.map((s) => ({
          workspaceId: t.workspace.id,
          scheduleId: s.id,
          kind: "webhook",
          settings: JSON.stringify({ url: `${hooksUrl}/bench/${s.id}`, secretFingerprint: null }),
          secretSealed: seal(secret, t.workspace.id),
        })),
      });
    }
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const res = await cronDispatch(
      new Request("http://localhost/api/cron/dispatch", { headers: { Authorization: "Bearer bench-cron-secret" } }),
    );
    if (res.status !== 200) throw new Error(`cron route answered ${res.status}`);
    const summary = (await res.json()) as { runs: { status: string }[] };
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    clearInterval(sampler);
    const perKey = new Map<string, number>();
    for (const email of resend.delivered) perKey.set(email.to[0], (perKey.get(email.to[0]) ?? 0) + 1);
    const verified = hooks.requests.filter((r) => r.verified && r.status < 300);
    for (const r of verified) perKey.set(r.path, (perKey.get(r.path) ?? 0) + 1);
    const duplicates = [...perKey.values()].filter((n) => n > 1).length;
    await db.workspace.delete({ where: { id: t.workspace.id } });
    await db.user.delete({ where: { id: t.people.owner.id } });
    return {
      schedules,
      seconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      emails: resend.delivered.length,
      emailsPerSecond: resend.delivered.length / seconds,
      duplicates,
      webhooks: verified.length,
      failedRuns: summary.runs.filter((r) => r.status !== "succeeded").length,
      runs: summary.runs.length,
      peakRssMb: Math.round(peak / 1048576),
    };
  } finally {
    // Assigning undefined would store the string "undefined", which lib/config.ts rightly refuses.
    const restore = (name: string, value: string | undefined) =>
      value === undefined ? delete process.env[name] : (process.env[name] = value);
    restore("RESEND_BASE_URL", saved.base);
    restore("RESEND_API_KEY", saved.key);
    restore("CHARTROOM_LOG", saved.log);
    restore("CRON_SECRET", saved.cron);
    restore("CHARTROOM_OUTBOUND_ALLOW_PRIVATE", saved.outbound);
    await resend.stop();
    if (webhook) await hooks.stop();
  }
}

if (process.argv[1]?.endsWith("dispatch-tick.ts")) {
  const n = Number(process.argv[2] ?? 1000);
  console.log(JSON.stringify(await benchDispatchTick(n, process.argv[3] === "webhook"), null, 2));
  process.exit(0);
}
