import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { internalAddressProblem, OutboundError, outboundRequest, outboundUrlProblem } from "./outbound";

let server: Server;
let port = 0;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? "");
    if (req.url === "/redirect") {
      res.writeHead(302, { location: `http://127.0.0.1:${port}/target` });
      return res.end();
    }
    if (req.url === "/big") {
      res.writeHead(200);
      return res.end("x".repeat(1_000_000));
    }
    res.writeHead(200);
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

afterEach(() => {
  delete process.env.CHARTROOM_OUTBOUND_ALLOW_PRIVATE;
  hits.length = 0;
});

const post = (url: string, resolve?: Parameters<typeof outboundRequest>[1]["resolve"]) =>
  outboundRequest(url, { method: "POST", headers: { "content-type": "text/plain" }, body: "hello", resolve });

async function refused(url: string, resolve?: Parameters<typeof outboundRequest>[1]["resolve"]) {
  const error = await post(url, resolve).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, url).toBeInstanceOf(OutboundError);
  expect((error as OutboundError).transient).toBe(false);
  expect((error as OutboundError).message).toMatch(/internal address|localhost/);
}

describe("outbound requests", () => {
  it("refuse loopback, private and link-local targets in every spelling without the setting", async () => {
    for (const url of [
      `http://127.0.0.1:${port}/`,
      `http://2130706433:${port}/`, // decimal 127.0.0.1
      `http://0x7f000001:${port}/`, // hex
      `http://0x7f.1:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://[::1]:${port}/`,
      `http://localhost:${port}/`,
      "http://10.1.2.3/",
      "http://172.16.0.1/",
      "http://192.168.1.1/",
      "http://169.254.169.254/latest/meta-data/",
      "http://100.64.0.1/",
      "http://[fe80::1]/",
      "http://[fd00::1]/",
      "http://[::ffff:10.0.0.1]/",
      "http://0.0.0.0/",
    ]) {
      await refused(url);
    }
    expect(hits).toHaveLength(0);
  });

  it("checks the address a name resolves to where the socket connects", async () => {
    // A name that resolves to loopback: refused at connect time, not only by its spelling.
    const toLoopback = (_host: string, cb: (e: Error | null, a: { address: string; family: number }[]) => void) =>
      cb(null, [{ address: "127.0.0.1", family: 4 }]);
    await refused(`http://receiver.example:${port}/`, toLoopback);
    // A name with a public and a private answer is refused too.
    await refused(`http://mixed.example:${port}/`, (_h, cb) =>
      cb(null, [
        { address: "93.184.216.34", family: 4 },
        { address: "10.0.0.7", family: 4 },
      ]),
    );
    expect(hits).toHaveLength(0);
    // With the instance setting the same name reaches the local receiver through that lookup.
    process.env.CHARTROOM_OUTBOUND_ALLOW_PRIVATE = "true";
    const res = await post(`http://receiver.example:${port}/through-lookup`, toLoopback);
    expect(res.status).toBe(200);
    expect(hits).toEqual(["/through-lookup"]);
  });

  it("does not follow a redirect", async () => {
    process.env.CHARTROOM_OUTBOUND_ALLOW_PRIVATE = "true";
    const res = await post(`http://127.0.0.1:${port}/redirect`);
    expect(res.status).toBe(302);
    expect(res.location).toBe(`http://127.0.0.1:${port}/target`);
    expect(hits).toEqual(["/redirect"]);
  });

  it("reads at most the response cap", async () => {
    process.env.CHARTROOM_OUTBOUND_ALLOW_PRIVATE = "true";
    const res = await outboundRequest(`http://127.0.0.1:${port}/big`, {
      method: "POST",
      headers: {},
      body: "",
      maxResponseBytes: 1000,
    });
    expect(res.body.length).toBe(1000);
  });

  it("classifies addresses independently of the URL parser", () => {
    expect(internalAddressProblem("8.8.8.8")).toBeNull();
    expect(internalAddressProblem("2606:4700::1111")).toBeNull();
    expect(internalAddressProblem("::ffff:7f00:1")).not.toBeNull();
    expect(internalAddressProblem("64:ff9b::a00:1")).not.toBeNull(); // NAT64 of 10.0.0.1
    expect(internalAddressProblem("2002:c0a8:101::1")).not.toBeNull(); // 6to4 of 192.168.1.1
    expect(internalAddressProblem("224.0.0.1")).not.toBeNull();
    expect(internalAddressProblem("ff02::1")).not.toBeNull();
    expect(outboundUrlProblem("ftp://example.com/")).toMatch(/https/);
    expect(outboundUrlProblem("https://user:pw@example.com/")).toMatch(/password/);
    expect(outboundUrlProblem("https://hooks.example.com/x")).toBeNull();
  });
});
