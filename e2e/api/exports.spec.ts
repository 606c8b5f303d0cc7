import { expect, test } from "@playwright/test";
import Papa from "papaparse";
import { GINA, signInApi } from "../helpers/auth";

const definition = {
  dataset: "alerts",
  columns: ["triggered_at", "severity", "source", "title", "resolved_at"],
  timeRange: { type: "relative", preset: "last_90_days" },
};

test("an export job runs in the background, reports progress and downloads once done", async ({
  request,
  playwright,
}) => {
  await signInApi(request);
  const created = await request.post("/api/exports", { data: { definition, name: "All alerts", format: "csv" } });
  expect(created.status()).toBe(202);
  const { export: job } = await created.json();
  expect(job.status).toBe("queued");

  await expect
    .poll(async () => (await (await request.get(`/api/exports/${job.id}`)).json()).export.status, { timeout: 30_000 })
    .toBe("succeeded");
  const done = (await (await request.get(`/api/exports/${job.id}`)).json()).export;
  expect(done).toMatchObject({ percent: 100, downloadUrl: `/api/exports/${job.id}/download` });
  expect(done.rowsDone).toBe(done.totalRows);

  const file = await request.get(done.downloadUrl);
  expect(file.status()).toBe(200);
  expect(file.headers()["content-disposition"]).toContain("All-alerts_acme_");
  const rows = Papa.parse<Record<string, string>>(await file.text(), { header: true, skipEmptyLines: true }).data;
  expect(rows.length).toBe(done.totalRows);

  const list = (await (await request.get("/api/exports?status=succeeded&format=csv")).json()).exports;
  expect(list.map((e: { id: string }) => e.id)).toContain(job.id);
  expect((await request.post(`/api/exports/${job.id}/cancel`)).status()).toBe(409);

  // Another workspace sees nothing of it.
  const other = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  await signInApi(other, GINA);
  for (const path of [`/api/exports/${job.id}`, `/api/exports/${job.id}/download`]) {
    expect((await other.get(path)).status(), path).toBe(404);
  }
  expect((await other.post(`/api/exports/${job.id}/retry`)).status()).toBe(404);
  expect((await other.delete(`/api/exports/${job.id}`)).status()).toBe(404);
  await other.dispose();

  expect((await request.delete(`/api/exports/${job.id}`)).status()).toBe(204);
  expect((await request.get(done.downloadUrl)).status()).toBe(404);
});

test("viewers cannot start exports; bad requests name the parameter", async ({ request, playwright }) => {
  const viewer = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  await signInApi(viewer, "victor@acme.test");
  const refused = await viewer.post("/api/exports", { data: { definition, name: "x", format: "csv" } });
  expect(refused.status()).toBe(403);
  await viewer.dispose();

  await signInApi(request);
  const badFormat = await request.post("/api/exports", { data: { definition, name: "x", format: "docx" } });
  expect(badFormat.status()).toBe(400);
  expect((await badFormat.json()).error.param).toBe("format");
  const badDefinition = await request.post("/api/exports", {
    data: { definition: { ...definition, columns: ["salary"] }, name: "x", format: "csv" },
  });
  expect(badDefinition.status()).toBe(422);
  expect((await badDefinition.json()).error.param).toBe("definition.columns.0");
});

test("a signed link downloads a finished export without a session, and only as signed", async ({
  request,
  playwright,
}) => {
  await signInApi(request);
  const created = await request.post("/api/exports", { data: { definition, name: "Linked alerts", format: "csv" } });
  const { export: job } = await created.json();
  await expect
    .poll(async () => (await (await request.get(`/api/exports/${job.id}`)).json()).export.status, { timeout: 30_000 })
    .toBe("succeeded");
  const own = await (await request.get(`/api/exports/${job.id}/download`)).text();

  const made = await request.post(`/api/exports/${job.id}/link`);
  expect(made.status()).toBe(200);
  const { url, expiresAt } = await made.json();
  const baseURL = test.info().project.use.baseURL!;
  expect(url).toMatch(new RegExp(`^${baseURL}/api/exports/${job.id}/file\\?expires=\\d+&sig=[0-9a-f]{64}$`));
  const ttl = Date.parse(expiresAt) - Date.now();
  expect(ttl).toBeGreaterThan(3_500_000);
  expect(ttl).toBeLessThanOrEqual(3_600_000);

  // No cookies at all.
  const anonymous = await playwright.request.newContext({ baseURL });
  const file = await anonymous.get(url);
  expect(file.status()).toBe(200);
  expect(file.headers()["content-disposition"]).toContain("Linked-alerts_acme_");
  expect(await file.text()).toBe(own);
  const sig = new URL(url).searchParams.get("sig")!;
  const altered = url.replace(`sig=${sig}`, `sig=${sig[0] === "a" ? "b" : "a"}${sig.slice(1)}`);
  expect((await anonymous.get(altered)).status()).toBe(403);
  const expires = new URL(url).searchParams.get("expires")!;
  expect((await anonymous.get(url.replace(`expires=${expires}`, `expires=${Number(expires) - 7200}`))).status()).toBe(
    403,
  );
  expect((await anonymous.get(`/api/exports/${job.id}/file`)).status()).toBe(403);
  expect((await anonymous.post(`/api/exports/${job.id}/link`)).status()).toBe(401);
  await anonymous.dispose();

  // A viewer may share a link; another workspace cannot, and does not learn the export exists.
  const viewer = await playwright.request.newContext({ baseURL });
  await signInApi(viewer, "victor@acme.test");
  expect((await viewer.post(`/api/exports/${job.id}/link`)).status()).toBe(200);
  await viewer.dispose();
  const other = await playwright.request.newContext({ baseURL });
  await signInApi(other, GINA);
  expect((await other.post(`/api/exports/${job.id}/link`)).status()).toBe(404);
  await other.dispose();

  // Deleted: the link stops working, and answers as an altered link does, so no link tells which ids exist.
  expect((await request.delete(`/api/exports/${job.id}`)).status()).toBe(204);
  const gone = await playwright.request.newContext({ baseURL });
  const deleted = await gone.get(url);
  expect(deleted.status()).toBe(403);
  expect(await deleted.json()).toEqual({ error: { code: "forbidden", message: "This download link is not valid." } });
  await gone.dispose();
});
