import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiRequestError, fetchJson } from "./queries";

// A real HTTP server answers as the API (or a proxy in front of it) would.
let server: Server;
let base = "";
const seen: { method?: string; accept?: string; contentType?: string; body: string }[] = [];

async function readBody(req: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of req) body += chunk;
  return body;
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await readBody(req);
    seen.push({ method: req.method, accept: req.headers.accept, contentType: req.headers["content-type"], body });
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(value));
    };
    switch (req.url) {
      case "/ok":
        return json(200, { hello: "world" });
      case "/empty":
        res.writeHead(204);
        return res.end();
      case "/invalid":
        return json(422, {
          error: {
            code: "unprocessable",
            message: "The definition does not fit.",
            param: "definition.filters.0",
            issues: [{ path: "definition.filters.0.value", message: "Enter a number." }, { path: 3 }, "junk"],
          },
        });
      case "/bare-error":
        return json(409, { error: { message: "" } });
      case "/html":
        res.writeHead(502, "Bad Gateway", { "Content-Type": "text/html" });
        return res.end("<h1>proxy</h1>");
      default:
        return json(404, { nothing: true });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("fetchJson", () => {
  it("returns the parsed body and asks for JSON", async () => {
    await expect(fetchJson(`${base}/ok`)).resolves.toEqual({ hello: "world" });
    expect(seen.at(-1)).toMatchObject({ method: "GET", accept: "application/json" });
  });

  it("sends a string body as JSON unless told otherwise", async () => {
    await fetchJson(`${base}/ok`, { method: "POST", body: JSON.stringify({ a: 1 }) });
    expect(seen.at(-1)).toMatchObject({ method: "POST", contentType: "application/json", body: '{"a":1}' });
    await fetchJson(`${base}/ok`, { method: "POST", body: "a,b", headers: { "Content-Type": "text/csv" } });
    expect(seen.at(-1)).toMatchObject({ contentType: "text/csv" });
  });

  it("returns undefined for an empty answer", async () => {
    await expect(fetchJson(`${base}/empty`)).resolves.toBeUndefined();
  });

  it("carries the error envelope's code, message, param and well-formed issues", async () => {
    const error = await fetchJson(`${base}/invalid`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({
      status: 422,
      code: "unprocessable",
      message: "The definition does not fit.",
      param: "definition.filters.0",
      issues: [{ path: "definition.filters.0.value", message: "Enter a number." }],
    });
  });

  it("falls back to the status text when there is no usable envelope", async () => {
    await expect(fetchJson(`${base}/html`)).rejects.toMatchObject({
      status: 502,
      code: "http_error",
      message: "Bad Gateway",
    });
    await expect(fetchJson(`${base}/bare-error`)).rejects.toMatchObject({
      status: 409,
      message: "Conflict",
      issues: [],
    });
    await expect(fetchJson(`${base}/missing`)).rejects.toMatchObject({ status: 404, message: "Not Found" });
  });
});
