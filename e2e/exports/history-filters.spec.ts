import { join } from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { DEMO, GINA, signIn } from "../helpers/auth";
import { hydrated } from "../helpers/hydration";

const TAG = `Hist${Date.now().toString(36)}`;
const PEOPLE = [`ana-${TAG}@acme.test`, `ben-${TAG}@acme.test`];
const FORMATS = ["csv", "pdf", "xlsx"] as const;
const STATUSES = ["succeeded", "failed"] as const;
const COUNT = 120;

/** Exports written straight into the server's database, older than anything the other specs make. */
function seedHistory(): { workspaceId: string } {
  const db = new Database(join(process.cwd(), process.env.E2E_DATA_DIR ?? ".data/e2e", "chartroom.db"));
  try {
    const firstWorkspace = (email: string) =>
      (
        db
          .prepare(
            "SELECT m.workspace_id AS id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = ? ORDER BY m.created_at LIMIT 1",
          )
          .get(email) as { id: string }
      ).id;
    const workspaceId = firstWorkspace(DEMO);
    const insert = db.prepare(
      "INSERT INTO export_jobs (id, workspace_id, report_name, format, status, created_by, created_at, error_message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const base = Date.UTC(2025, 0, 1);
    db.transaction(() => {
      for (let i = 0; i < COUNT; i++) {
        const status = STATUSES[i % 2];
        insert.run(
          `${TAG}-${String(i).padStart(3, "0")}`,
          workspaceId,
          `${TAG} report ${i % 4} #${String(i).padStart(3, "0")}`,
          FORMATS[i % 3],
          status,
          PEOPLE[i % 2],
          base + i * 60_000,
          status === "failed" ? "The database was unavailable." : null,
        );
      }
      // Another workspace's export, with a name the search below would find.
      insert.run(
        `${TAG}-other`,
        firstWorkspace(GINA),
        `${TAG} report 0 elsewhere`,
        "csv",
        "succeeded",
        GINA,
        base,
        null,
      );
    })();
    return { workspaceId };
  } finally {
    db.close();
  }
}

const history = (page: Page) => page.getByRole("table", { name: "Export history" });
const dataRows = (page: Page) => history(page).locator("tbody tr[data-export-id]");
const names = async (page: Page) => dataRows(page).locator(".export-report-name").allTextContents();
const nextRow = (row: Locator) => row.locator("xpath=following-sibling::tr[1]");

test.beforeAll(() => {
  seedHistory();
});

test("the export history pages through everything, filters, searches and answers beside the row", async ({
  page,
  baseURL,
}) => {
  await signIn(page);
  await page.goto("/exports");
  await hydrated(page);

  // Search narrows to this spec's exports; paging then reaches every one, once.
  await page.getByLabel("Search", { exact: true }).fill(TAG.toUpperCase());
  // The search applies after a pause: until then the unfiltered list shows 50 rows too.
  await expect.poll(async () => (await names(page)).every((name) => name.includes(TAG))).toBe(true);
  await expect(dataRows(page)).toHaveCount(50);
  await expect(page.getByText("Showing the newest 50 exports.")).toBeVisible();
  await page.getByRole("button", { name: "Show older exports" }).click();
  await expect(dataRows(page)).toHaveCount(100);
  await page.getByRole("button", { name: "Show older exports" }).click();
  await expect(dataRows(page)).toHaveCount(COUNT);
  await expect(page.getByText(`All ${COUNT} exports shown.`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Show older exports" })).toHaveCount(0);
  const seen = await names(page);
  expect(new Set(seen).size).toBe(COUNT);
  expect(seen.some((name) => name.includes("elsewhere"))).toBe(false);
  expect(seen[0]).toContain(`#${COUNT - 1}`);

  // Filters: format, status, requester and report, each from its menu; only this workspace's values offered.
  await page.getByLabel("Format", { exact: true }).selectOption({ label: "PDF" });
  await page.getByLabel("Status", { exact: true }).selectOption({ label: "Failed" });
  await page.getByLabel("Requested by", { exact: true }).selectOption(PEOPLE[1]);
  const report = page.getByLabel("Report", { exact: true });
  await expect(report.getByRole("option", { name: `${TAG} report 0 elsewhere` })).toHaveCount(0);
  await report.selectOption(`${TAG} report 1 #001`);
  await expect(dataRows(page)).toHaveCount(1);
  await report.selectOption({ label: "All" });
  // i odd (failed, ben) and i % 3 == 1 (PDF): i = 1, 7, 13, … < 120.
  await expect(dataRows(page)).toHaveCount(20);
  for (const row of await dataRows(page).all()) {
    await expect(row).toContainText("PDF");
    await expect(row).toContainText("Failed");
  }

  // Retry: the answer appears right under the row that was retried.
  const failed = dataRows(page).first();
  await failed.getByRole("button", { name: /^Retry/ }).click();
  await expect(nextRow(failed)).toContainText("Started again: the new export is at the top of the history.");
  await expect(page.locator(".export-feedback:not(:empty)")).toHaveCount(1);
  await page.screenshot({ path: "test-results/exports-history-retry.png" });

  // Copy link on a succeeded export of a real file: the message sits under that row too.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  const created = await page.request.post("/api/exports", {
    data: {
      definition: { dataset: "alerts", columns: ["severity", "title"], limit: 5 },
      name: `${TAG} linked`,
      format: "csv",
    },
  });
  expect(created.status()).toBe(202);
  const job = (await created.json()).export as { id: string };
  await expect
    .poll(async () => (await (await page.request.get(`/api/exports/${job.id}`)).json()).export.status, {
      timeout: 30_000,
    })
    .toBe("succeeded");
  await page.getByLabel("Format", { exact: true }).selectOption({ label: "All" });
  await page.getByLabel("Status", { exact: true }).selectOption({ label: "All" });
  await page.getByLabel("Requested by", { exact: true }).selectOption({ label: "All" });
  await page.getByLabel("Search", { exact: true }).fill(`${TAG} linked`);
  const linked = history(page).locator(`tr[data-export-id="${job.id}"]`);
  await expect(linked).toContainText("Succeeded");
  await linked.getByRole("button", { name: /^Copy link/ }).click();
  await expect(nextRow(linked)).toContainText(`Link copied to the export of “${TAG} linked”.`);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/\/api\/exports\/[^/]+\/file\?expires=/);
  await page.screenshot({ path: "test-results/exports-history-link.png" });
  await nextRow(linked).getByRole("button", { name: "Dismiss" }).click();
  await expect(nextRow(linked)).not.toContainText("Link copied");
});

test("the history API refuses a cursor it did not give out", async ({ page }) => {
  await signIn(page);
  const bad = await page.request.get("/api/exports?cursor=not-ours");
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error).toMatchObject({ code: "invalid_parameter", param: "cursor" });
});
