import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { expect, test } from "@playwright/test";
import { startS3 } from "../../testing/s3";
import { WebhookReceiver } from "../../testing/webhook-receiver";
import { signIn } from "../helpers/auth";
import { hydrated } from "../helpers/hydration";

const BUCKET = "e2e-destinations";
const SHOTS = process.env.E2E_SCREENSHOT_DIR ?? "test-results/destinations";
let s3: Awaited<ReturnType<typeof startS3>>;
const hooks = new WebhookReceiver();

test.beforeAll(async () => {
  s3 = await startS3(BUCKET);
  await hooks.start();
});

test.afterAll(async () => {
  await hooks.stop();
  await s3.stop();
});

test("a schedule delivers by e-mail, to a bucket and to a signed webhook: tested, run, three delivered rows", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const name = `Three ways ${stamp}`;
  const recipient = `ops-${stamp}@example.com`;
  const hookPath = `/hooks/${stamp}`;

  await signIn(page);
  await page.goto("/schedules/new");
  await hydrated(page);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Report", { exact: true }).selectOption({ label: "Usage Summary" });
  await page.getByRole("checkbox", { name: "PDF", exact: true }).uncheck();
  await page.getByRole("checkbox", { name: "CSV", exact: true }).check();
  await page.getByLabel("Recipients").fill(recipient);

  await page.getByRole("button", { name: "Add S3 bucket" }).click();
  const bucket = page.getByRole("region", { name: "S3 bucket" });
  await bucket.getByLabel("Bucket").fill(BUCKET);
  await bucket.getByLabel("Key prefix").fill("reports/{schedule}/{date}/");
  await bucket.getByLabel(/^Endpoint/).fill(s3.config.endpoint!);
  await bucket.getByLabel(/Path-style/).check();
  await bucket.getByLabel("Access key id").fill("S3RVER");
  await bucket.getByLabel("Secret access key").fill("S3RVER");

  await page.getByRole("button", { name: "Add webhook" }).click();
  const webhook = page.getByRole("region", { name: "Webhook" });
  await webhook.getByLabel("Webhook URL").fill(`${hooks.url}${hookPath}`);
  await page.screenshot({ path: `${SHOTS}/form-new.png`, fullPage: true });

  await page.getByRole("button", { name: "Create schedule" }).click();
  // The webhook's signing secret is shown once, before leaving the form.
  const secret = (await page.getByTestId("webhook-secret").textContent())!.trim();
  expect(secret).toMatch(/^whsec_/);
  hooks.secretFor(hookPath, secret);
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page).toHaveURL(/\/schedules$/);

  // Send test, from the saved schedule's form: each destination answers for itself.
  await page
    .getByRole("row", { name })
    .getByRole("link", { name: `Edit ${name}` })
    .click();
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1, name: `Edit “${name}”` })).toBeVisible();
  await expect(page.getByLabel("Secret access key")).toHaveValue("");
  await expect(page.getByLabel("Secret access key")).toHaveAttribute("placeholder", /Saved/);
  await page.getByRole("button", { name: "Send test e-mail" }).click();
  await expect(page.getByText(/Delivered: Sent a test e-mail to 1 recipient/)).toBeVisible();
  await page.getByRole("region", { name: "S3 bucket" }).getByRole("button", { name: "Send test" }).click();
  await expect(page.getByText(new RegExp(`Delivered: Wrote s3://${BUCKET}/reports/${name}/`))).toBeVisible();
  await page.getByRole("region", { name: "Webhook" }).getByRole("button", { name: "Send test" }).click();
  await expect(page.getByText(/Delivered: HTTP 204/)).toBeVisible();
  expect(hooks.delivered(hookPath)).toHaveLength(1);
  await page.screenshot({ path: `${SHOTS}/form-tested.png`, fullPage: true });

  // Run now: one row per destination, all delivered.
  await page.goto("/schedules");
  await hydrated(page);
  const row = page.getByRole("row", { name });
  await row.getByRole("button", { name: `Run now ${name}` }).click();
  const history = page.getByRole("table", { name: `Runs of ${name}` });
  const run = history.getByTestId("schedule-run").first();
  await expect(run.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 90_000 });
  const deliveries = run.getByTestId("delivery");
  await expect(deliveries).toHaveCount(3);
  for (const kind of ["email", "s3", "webhook"]) {
    await expect(
      run.locator(`[data-testid=delivery][data-kind=${kind}]`).getByText("Sent", { exact: true }),
    ).toBeVisible();
  }
  await expect(run.locator("[data-kind=email]")).toContainText(recipient);
  await expect(run.locator("[data-kind=webhook]")).toContainText(`${hooks.url}${hookPath}`);
  await page.screenshot({ path: `${SHOTS}/run-history.png`, fullPage: true });

  // The webhook got a verified run event; the bucket holds the e-mailed attachment byte for byte.
  const events = hooks
    .delivered(hookPath)
    .filter((r) => (r.body as { type: string }).type === "schedule.run.delivered");
  expect(events).toHaveLength(1);
  const detail = (await run.locator("[data-kind=s3]").getByTestId("delivery-detail").textContent())!.trim();
  expect(detail).toMatch(new RegExp(`^s3://${BUCKET}/reports/${name}/\\d{4}-\\d{2}-\\d{2}/[^/]+\\.csv$`));
  const key = detail.slice(`s3://${BUCKET}/`.length);
  const client = new S3Client({ ...s3.config });
  const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  const inBucket = Buffer.from(await object.Body!.transformToByteArray());
  client.destroy();

  const { emails } = (await (await page.request.get("/api/outbox")).json()) as {
    emails: { id: string; to: string; subject: string; attachments: unknown[] }[];
  };
  const email = emails.find((e) => e.to === recipient && e.attachments.length > 0)!;
  const attachment = await page.request.get(`/api/outbox/${email.id}/attachments/0`);
  expect(attachment.status()).toBe(200);
  const mailed = Buffer.from(await attachment.body());
  expect(mailed.length).toBeGreaterThan(100);
  expect(inBucket.equals(mailed)).toBe(true);
});
