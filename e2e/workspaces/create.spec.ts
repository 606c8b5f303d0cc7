import Database from "better-sqlite3";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { DEMO, signIn } from "../helpers/auth";
import { e2eDatabase } from "../helpers/db";
import { hydrated } from "../helpers/hydration";

test("a signed-in user creates a workspace from the switcher, owns it, and finds the built-in reports and the weekly schedule", async ({
  page,
}) => {
  // Sorted after the demo workspaces, so other specs still open in theirs.
  const name = `Zz Created ${Date.now()}`;
  await signIn(page);
  await page.getByRole("link", { name: "+ New workspace" }).click();
  await expect(page.getByRole("heading", { name: "New workspace" })).toBeVisible();
  await hydrated(page);
  await page.getByLabel("Workspace name", { exact: true }).fill(name);
  await page.getByLabel("Time zone", { exact: true }).fill("Europe/Berlin");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByLabel("Workspace", { exact: true }).locator("option:checked")).toHaveText(name);
  await expect(page.locator(".workspace-meta")).toContainText("owner");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reports", exact: true }).click();
  for (const report of ["Usage Summary", "Audit Log (compliance)", "Model Drift"]) {
    await expect(page.getByText(report, { exact: true }).first()).toBeVisible();
  }
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Schedules", exact: true }).click();
  await expect(page.getByText("Weekly Usage Summary").first()).toBeVisible();

  const db = e2eDatabase();
  let workspaceId: string;
  try {
    const row = db
      .prepare(
        "SELECT w.id, m.role FROM workspaces w JOIN memberships m ON m.workspace_id = w.id JOIN users u ON u.id = m.user_id WHERE w.name = ? AND u.email = ?",
      )
      .get(name, DEMO) as { id: string; role: string };
    expect(row.role).toBe("owner");
    workspaceId = row.id;
    const audit = db
      .prepare("SELECT actor FROM instance_audit_events WHERE action = 'workspace.created' AND workspace_id = ?")
      .get(workspaceId) as { actor: string } | undefined;
    expect(audit?.actor).toBe(DEMO);
  } finally {
    db.close();
  }

  // Gone again, so its weekly schedule never runs for the specs that follow.
  const writable = new Database(join(process.cwd(), process.env.E2E_DATA_DIR ?? ".data/e2e", "chartroom.db"));
  try {
    writable.pragma("foreign_keys = ON");
    writable.prepare("DELETE FROM workspaces WHERE id = ?").run(workspaceId);
  } finally {
    writable.close();
  }
});
