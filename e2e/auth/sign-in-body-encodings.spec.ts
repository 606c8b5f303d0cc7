import { expect, test, type APIRequestContext } from "@playwright/test";
import { DEMO, PASSWORD } from "../helpers/auth";

const CALLBACK = "/api/auth/callback/credentials";

async function csrf(request: APIRequestContext): Promise<string> {
  return (await (await request.get("/api/auth/csrf")).json()).csrfToken;
}

const form = (fields: [string, string][]) => new URLSearchParams(fields).toString();

/** Every body encoding sign-in accepts, each a way to send `fields`. */
const ACCEPTED: { name: string; contentType: string; body: (fields: Record<string, string>) => string }[] = [
  { name: "json", contentType: "application/json", body: (f) => JSON.stringify(f) },
  { name: "json; charset=utf-8", contentType: "application/json; charset=utf-8", body: (f) => JSON.stringify(f) },
  { name: "form", contentType: "application/x-www-form-urlencoded", body: (f) => form(Object.entries(f)) },
  {
    name: "form; charset=UTF-8",
    contentType: "application/x-www-form-urlencoded; charset=UTF-8",
    body: (f) => form(Object.entries(f)),
  },
  {
    name: 'FORM; charset="utf-8"',
    contentType: 'Application/X-WWW-Form-Urlencoded;charset="utf-8"',
    body: (f) => form(Object.entries(f)),
  },
];

test("failed guesses count against the address that is authenticated, in every accepted encoding", async ({
  request,
}) => {
  for (const encoding of ACCEPTED) {
    // Upper case and spaces: the throttle must normalise the address as authentication does.
    const target = `Guess-${encoding.name.replace(/\W+/g, "-")}-${Date.now()}@Example.com`;
    for (let i = 0; i < 10; i++) {
      const fields = {
        csrfToken: await csrf(request),
        email: i % 2 ? ` ${target} ` : target,
        password: `wrong-${i}`,
        json: "true",
      };
      const res = await request.post(CALLBACK, {
        headers: { "Content-Type": encoding.contentType },
        data: encoding.body(fields),
        maxRedirects: 0,
      });
      expect(res.status(), `${encoding.name} attempt ${i}`).toBe(401);
    }
    const lowered = { csrfToken: await csrf(request), email: target.toLowerCase(), password: "another", json: "true" };
    const limited = await request.post(CALLBACK, { form: lowered, maxRedirects: 0 });
    expect(limited.status(), encoding.name).toBe(429);
    expect((await limited.json()).error.code).toBe("rate_limited");
  }
});

test("each accepted encoding signs in with the right password", async ({ playwright }) => {
  for (const encoding of ACCEPTED) {
    const api = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
    const fields = { csrfToken: await csrf(api), email: DEMO.toUpperCase(), password: PASSWORD, json: "true" };
    const res = await api.post(CALLBACK, {
      headers: { "Content-Type": encoding.contentType },
      data: encoding.body(fields),
      maxRedirects: 0,
    });
    expect(res.status(), encoding.name).toBe(200);
    expect((await (await api.get("/api/auth/session")).json())?.user?.email, encoding.name).toBe(DEMO);
    await api.dispose();
  }
});

test("ambiguous bodies are refused with 400 before anyone is authenticated", async ({ request }) => {
  const token = await csrf(request);
  const decoy = `decoy-${Date.now()}@example.com`;
  const cases: { name: string; contentType?: string; body: string; param?: string }[] = [
    {
      name: "repeated address (decoy first, real account second)",
      contentType: "application/x-www-form-urlencoded",
      body: form([
        ["csrfToken", token],
        ["email", decoy],
        ["email", DEMO],
        ["password", PASSWORD],
        ["json", "true"],
      ]),
      param: "email",
    },
    {
      name: "repeated password",
      contentType: "application/x-www-form-urlencoded",
      body: form([
        ["csrfToken", token],
        ["email", DEMO],
        ["password", "x"],
        ["password", PASSWORD],
        ["json", "true"],
      ]),
      param: "password",
    },
    {
      name: "repeated csrfToken",
      contentType: "application/x-www-form-urlencoded",
      body: form([
        ["csrfToken", "x"],
        ["csrfToken", token],
        ["email", DEMO],
        ["password", PASSWORD],
      ]),
      param: "csrfToken",
    },
    {
      name: "JSON with a repeated key",
      contentType: "application/json",
      body: `{"csrfToken":${JSON.stringify(token)},"email":"${decoy}","email":"${DEMO}","password":"${PASSWORD}","json":"true"}`,
      param: "email",
    },
    {
      name: "JSON address as an array",
      contentType: "application/json",
      body: JSON.stringify({ csrfToken: token, email: [DEMO, decoy], password: PASSWORD }),
      param: "email",
    },
    {
      name: "JSON address as an object",
      contentType: "application/json",
      body: JSON.stringify({ csrfToken: token, email: { a: DEMO }, password: PASSWORD }),
      param: "email",
    },
    {
      name: "JSON array body",
      contentType: "application/json",
      body: JSON.stringify([{ csrfToken: token, email: DEMO, password: PASSWORD }]),
    },
    { name: "malformed JSON", contentType: "application/json", body: `{"email":"${DEMO}",` },
  ];
  const fieldsJson = JSON.stringify({ csrfToken: token, email: DEMO, password: PASSWORD, json: "true" });
  const fieldsForm = form([
    ["csrfToken", token],
    ["email", DEMO],
    ["password", PASSWORD],
    ["json", "true"],
  ]);
  // Content types next-auth matches by substring, or does not read at all.
  for (const contentType of [
    "text/plain; application/json",
    "text/plain;charset=application/json",
    "application/json-patch+json",
    "application/jsonp",
    "application/x-www-form-urlencoded, application/json",
    "application/json; charset=iso-8859-1",
    "application/json; charset=utf-8; charset=utf-16",
    "application/json; boundary=x",
    "text/plain",
  ]) {
    cases.push({ name: `JSON as ${contentType}`, contentType, body: fieldsJson, param: "content-type" });
  }
  for (const contentType of [
    "application/x-www-form-urlencoded; charset=latin1",
    "text/x-www-form-urlencoded",
    "application/x-www-form-urlencoded-foo",
  ]) {
    cases.push({ name: `form as ${contentType}`, contentType, body: fieldsForm, param: "content-type" });
  }
  cases.push({ name: "no content type", body: fieldsForm, param: "content-type" });
  for (const c of cases) {
    const headers: Record<string, string> = c.contentType ? { "Content-Type": c.contentType } : {};
    const res = await request.post(CALLBACK, { headers, data: Buffer.from(c.body), maxRedirects: 0 });
    expect(res.status(), c.name).toBe(400);
    const body = await res.json();
    expect(body.error.code, c.name).toBe("bad_request");
    if (c.param) expect(body.error.param, c.name).toBe(c.param);
    expect(res.headers()["set-cookie"] ?? "", c.name).not.toContain("session-token");
  }

  const multipart = await request.post(CALLBACK, {
    multipart: { csrfToken: token, email: DEMO, password: PASSWORD, json: "true" },
    maxRedirects: 0,
  });
  expect(multipart.status()).toBe(400);
  expect((await multipart.json()).error.param).toBe("content-type");
  expect((await (await request.get("/api/auth/session")).json())?.user).toBeUndefined();
});

test("extra path segments after callback/credentials are throttled like the plain path", async ({ request }) => {
  const target = `segments-${Date.now()}@example.com`;
  for (let i = 0; i < 10; i++) {
    const res = await request.post(`${CALLBACK}/extra/${i}`, {
      form: { csrfToken: await csrf(request), email: target, password: `wrong-${i}`, json: "true" },
      maxRedirects: 0,
    });
    expect(res.status(), `attempt ${i}`).toBe(401);
  }
  const limited = await request.post(CALLBACK, {
    form: { csrfToken: await csrf(request), email: target, password: "x", json: "true" },
    maxRedirects: 0,
  });
  expect(limited.status()).toBe(429);
});
