import { request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER, CLIENT_PROTO_HEADER, parseTrustedProxies } from "./forwarded.mjs";
import { CONTENT_LENGTH_HEADER, createChartroomServer } from "./http-server.mjs";

let server: Server | null = null;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(null));
  server = null;
});

/** A real server around a stand-in for Next.js that answers with the headers it was given. */
async function start(trusted: string, handle?: Parameters<typeof createChartroomServer>[0]): Promise<string> {
  const seen = (req: { headers: IncomingHttpHeaders; rawHeaders: string[] }, res: import("node:http").ServerResponse) =>
    res.end(JSON.stringify({ headers: req.headers, raw: req.rawHeaders }));
  server = createChartroomServer(handle ?? seen, { trustedProxies: parseTrustedProxies(trusted) });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

function get(url: string, headers: Record<string, string | string[]> = {}) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the HTTP front of npm start", () => {
  it("records the socket's address, whatever X-Forwarded-For or our own header the client sends", async () => {
    const url = await start("");
    const res = await get(`${url}/api/health`, {
      "X-Forwarded-For": "6.6.6.6",
      "X-Real-IP": "6.6.6.7",
      "X-Forwarded-Proto": "https",
      "X-Forwarded-Host": "evil.example",
      [CLIENT_IP_HEADER]: ["7.7.7.7", "8.8.8.8"],
      [CLIENT_PROTO_HEADER]: "https",
    });
    const { headers, raw } = JSON.parse(res.body);
    expect(headers[CLIENT_IP_HEADER]).toBe("127.0.0.1");
    expect(headers[CLIENT_PROTO_HEADER]).toBe("http");
    for (const name of ["x-forwarded-for", "x-real-ip", "x-forwarded-proto", "x-forwarded-host"])
      expect(headers[name], name).toBeUndefined();
    const rawNames = (raw as string[]).filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
    expect(rawNames.filter((n) => n === CLIENT_IP_HEADER)).toHaveLength(1);
    expect(raw).not.toContain("7.7.7.7");
    expect(raw).not.toContain("6.6.6.6");
  });

  it("believes X-Forwarded-For and X-Forwarded-Proto from a trusted proxy, right to left", async () => {
    const url = await start("127.0.0.1/32, 10.0.0.0/8");
    const res = await get(`${url}/`, {
      "X-Forwarded-For": "6.6.6.6, 198.51.100.7, 10.1.1.1",
      "X-Forwarded-Proto": "https",
    });
    const { headers } = JSON.parse(res.body);
    expect(headers[CLIENT_IP_HEADER]).toBe("198.51.100.7");
    expect(headers[CLIENT_PROTO_HEADER]).toBe("https");
    expect(headers["x-forwarded-for"]).toBe("6.6.6.6, 198.51.100.7, 10.1.1.1");
  });

  it("answers a path with invalid percent-encoding with 400, the error envelope and the security headers", async () => {
    let handled = 0;
    const url = await start("", (_req, res) => {
      handled++;
      res.end("next");
    });
    for (const path of ["/api/reports/%ff", "/reports/%E0%A4%A", "/%", "/api/exports/%C0%AF/download?x=1"]) {
      const res = await get(`${url}${path}`);
      expect(res.status, path).toBe(400);
      expect(res.headers["content-type"]).toBe("application/json");
      expect(JSON.parse(res.body).error.code).toBe("bad_request");
      expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["x-frame-options"]).toBe("DENY");
    }
    expect(handled).toBe(0);
    expect((await get(`${url}/api/reports/%C3%A4?q=%ff`)).body).toBe("next");
    expect(handled).toBe(1);
  });

  it("sends a stored file's length as Content-Length instead of chunking it", async () => {
    const url = await start("", (_req, res) => {
      res.setHeader("Content-Type", "text/csv");
      res.setHeader(CONTENT_LENGTH_HEADER, "11");
      res.write("hello ");
      res.end("world");
    });
    const res = await get(`${url}/api/exports/x/download`);
    expect(res.body).toBe("hello world");
    expect(res.headers["content-length"]).toBe("11");
    expect(res.headers["transfer-encoding"]).toBeUndefined();
    expect(res.headers[CONTENT_LENGTH_HEADER]).toBeUndefined();
  });

  it("leaves the length out of a compressed answer, whose size differs", async () => {
    const url = await start("", (_req, res) => {
      res.setHeader("Content-Encoding", "identity-test");
      res.setHeader(CONTENT_LENGTH_HEADER, "999");
      res.write("a");
      res.end("b");
    });
    const res = await get(`${url}/x`);
    expect(res.headers["content-length"]).toBeUndefined();
    expect(res.headers[CONTENT_LENGTH_HEADER]).toBeUndefined();
  });

  it("keeps idle connections longer than a load balancer's 60 s, and tells clients so", async () => {
    const url = await start("");
    const res = await get(`${url}/x`);
    expect(res.headers["keep-alive"]).toBe("timeout=65");
  });
});
