import { expect, test, type APIResponse } from "@playwright/test";
import { signInApi } from "../helpers/auth";

const definition = {
  dataset: "alerts",
  columns: ["triggered_at", "severity", "title"],
  timeRange: { type: "relative", preset: "last_90_days" },
};

async function expectLength(res: APIResponse) {
  expect(res.status()).toBe(200);
  const headers = res.headers();
  const body = await res.body();
  expect(body.length).toBeGreaterThan(0);
  expect(headers["content-length"]).toBe(String(body.length));
  expect(headers["transfer-encoding"]).toBeUndefined();
  expect(headers["x-chartroom-content-length"]).toBeUndefined();
  expect(headers["content-encoding"]).toBeUndefined();
}

test("stored export files arrive with Content-Length, through the session and through a signed link", async ({
  request,
  playwright,
}) => {
  await signInApi(request);
  for (const format of ["csv", "xlsx", "json"]) {
    const created = await request.post("/api/exports", { data: { definition, name: `Sized ${format}`, format } });
    expect(created.status()).toBe(202);
    const { export: job } = await created.json();
    await expect
      .poll(async () => (await (await request.get(`/api/exports/${job.id}`)).json()).export.status, { timeout: 30_000 })
      .toBe("succeeded");
    // Browsers ask for compression; a stored file must still keep its length.
    await expectLength(
      await request.get(`/api/exports/${job.id}/download`, { headers: { "Accept-Encoding": "gzip, deflate, br" } }),
    );

    const { url } = await (await request.post(`/api/exports/${job.id}/link`)).json();
    const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
    await expectLength(await anonymous.get(url, { headers: { "Accept-Encoding": "gzip" } }));
    await anonymous.dispose();
  }
});

test("outbox attachments arrive with Content-Length", async ({ request }) => {
  await signInApi(request);
  const { schedules } = await (await request.get("/api/schedules")).json();
  const schedule = schedules[0] as { id: string };
  const before = new Set(
    ((await (await request.get("/api/outbox")).json()).emails as { id: string }[]).map((e) => e.id),
  );
  expect((await request.post(`/api/schedules/${schedule.id}/run`)).status()).toBe(202);
  let email: { id: string; attachments: { index: number }[] } | undefined;
  await expect
    .poll(
      async () => {
        const { emails } = await (await request.get("/api/outbox")).json();
        email = (emails as NonNullable<typeof email>[]).find((e) => !before.has(e.id) && e.attachments.length > 0);
        return Boolean(email);
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  await expectLength(
    await request.get(`/api/outbox/${email!.id}/attachments/${email!.attachments[0].index}`, {
      headers: { "Accept-Encoding": "gzip" },
    }),
  );
});
