import { expect, test, type APIRequestContext } from "@playwright/test";
import { signInApi } from "../helpers/auth";
import { e2eDatabase } from "../helpers/db";
import { startExtraServer, type ExtraServer } from "../helpers/extra-server";

/** Changes a setting to its own value, which records an audit event with the client's address. */
async function auditedChange(api: APIRequestContext, headers: Record<string, string>): Promise<string | null> {
  const { settings } = await (await api.get("/api/settings")).json();
  const res = await api.patch("/api/settings", { data: { name: settings.name }, headers });
  expect(res.status()).toBe(200);
  const db = e2eDatabase();
  try {
    const row = db
      .prepare("SELECT ip FROM audit_events WHERE action = 'workspace.settings_updated' ORDER BY id DESC LIMIT 1")
      .get() as { ip: string | null };
    return row.ip;
  } finally {
    db.close();
  }
}

function bucketCount(key: string): number {
  const db = e2eDatabase();
  try {
    return (
      (db.prepare("SELECT count FROM rate_limit_buckets WHERE key = ?").get(key) as { count: number } | undefined)
        ?.count ?? 0
    );
  } finally {
    db.close();
  }
}

async function failedSignIn(api: APIRequestContext, headers: Record<string, string>) {
  const { csrfToken } = await (await api.get("/api/auth/csrf")).json();
  const res = await api.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: `nobody-${Date.now()}@example.com`, password: "wrong", json: "true" },
    headers,
    maxRedirects: 0,
  });
  expect(res.status()).toBe(401);
}

test("a client cannot choose its own address: forged forwarding headers change neither audit nor limits", async ({
  request,
}) => {
  await signInApi(request);
  const forged = {
    "X-Forwarded-For": "198.51.100.99",
    "X-Real-IP": "198.51.100.98",
    "X-Chartroom-Client-Ip": "198.51.100.97",
  };
  expect(await auditedChange(request, forged)).toBe("127.0.0.1");

  const before = bucketCount("signin:ip:127.0.0.1");
  await failedSignIn(request, { "X-Forwarded-For": "203.0.113.77" });
  await failedSignIn(request, { "X-Forwarded-For": "203.0.113.78", "X-Chartroom-Client-Ip": "203.0.113.79" });
  expect(bucketCount("signin:ip:127.0.0.1")).toBe(before + 2);
  for (const ip of ["203.0.113.77", "203.0.113.78", "203.0.113.79"]) expect(bucketCount(`signin:ip:${ip}`), ip).toBe(0);
});

test.describe("behind a trusted proxy", () => {
  let proxied: ExtraServer;
  let api: APIRequestContext;

  test.beforeAll(async ({ playwright }) => {
    proxied = await startExtraServer({ CHARTROOM_TRUSTED_PROXIES: "127.0.0.0/8, ::1" });
    api = await playwright.request.newContext({ baseURL: proxied.url });
  });

  test.afterAll(async () => {
    await api?.dispose();
    await proxied?.stop();
  });

  test("the proxy's X-Forwarded-For decides the address, read right to left", async () => {
    await signInApi(api);
    expect(await auditedChange(api, { "X-Forwarded-For": "6.6.6.6, 198.51.100.23" })).toBe("198.51.100.23");
    expect(await auditedChange(api, { "X-Forwarded-For": "6.6.6.6, 198.51.100.24, 127.0.0.5" })).toBe("198.51.100.24");
    expect(await auditedChange(api, {})).toBe("127.0.0.1");

    const before = bucketCount("signin:ip:198.51.100.25");
    await failedSignIn(api, { "X-Forwarded-For": "198.51.100.25" });
    expect(bucketCount("signin:ip:198.51.100.25")).toBe(before + 1);
  });

  test("cookies are Secure when the proxy says the request came over HTTPS, and only then", async ({ playwright }) => {
    // A fresh client: next-auth sets its CSRF cookie only when there is none.
    const fresh = await playwright.request.newContext({ baseURL: proxied.url });
    const https = await fresh.get("/api/auth/csrf", { headers: { "X-Forwarded-Proto": "https" } });
    const secureCookies = https.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie");
    expect(secureCookies.length).toBeGreaterThan(0);
    for (const c of secureCookies) expect(c.value, c.value).toMatch(/;\s*Secure/i);
    const { csrfToken } = await https.json();
    const signedIn = await fresh.post("/api/auth/callback/credentials", {
      form: { csrfToken, email: "demo@chartroom.dev", password: "chartroom-demo", json: "true" },
      // As a browser would over HTTPS: the Secure CSRF cookie goes back with the form.
      headers: { "X-Forwarded-Proto": "https", Cookie: secureCookies.map((c) => c.value.split(";")[0]).join("; ") },
      maxRedirects: 0,
    });
    expect(signedIn.status()).toBe(200);
    const session = signedIn
      .headersArray()
      .find((h) => h.name.toLowerCase() === "set-cookie" && h.value.includes("session-token"));
    expect(session?.value).toMatch(/;\s*Secure/i);

    await fresh.dispose();

    const other = await playwright.request.newContext({ baseURL: proxied.url });
    const plain = await other.get("/api/auth/csrf");
    const plainCookies = plain.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie");
    expect(plainCookies.length).toBeGreaterThan(0);
    for (const c of plainCookies) expect(c.value).not.toMatch(/;\s*Secure/i);
    await other.dispose();
  });

  test("the workspace cookie is Secure over HTTPS, and the CSRF check wants the https origin then", async () => {
    await signInApi(api);
    const { workspaces } = await (await api.get("/api/workspaces")).json();
    const workspaceId = workspaces[0].id;
    const origin = new URL(proxied.url);
    const over = (proto: string, originProto: string) =>
      api.post("/api/workspaces/current", {
        data: { workspaceId },
        headers: { "X-Forwarded-Proto": proto, Origin: `${originProto}//${origin.host}` },
      });
    const secure = await over("https", "https:");
    expect(secure.status()).toBe(200);
    expect(secure.headers()["set-cookie"]).toMatch(/chartroom_workspace=.*;\s*Secure/i);
    expect((await over("https", "http:")).status()).toBe(403);
    const plain = await over("http", "http:");
    expect(plain.status()).toBe(200);
    expect(plain.headers()["set-cookie"]).not.toMatch(/Secure/i);
    expect((await over("http", "https:")).status()).toBe(403);
  });
});

test("forwarded scheme from an untrusted client does not make cookies Secure", async ({ request }) => {
  const res = await request.get("/api/auth/csrf", { headers: { "X-Forwarded-Proto": "https" } });
  const cookies = res.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie");
  expect(cookies.length).toBeGreaterThan(0);
  for (const c of cookies) expect(c.value).not.toMatch(/;\s*Secure/i);
});
