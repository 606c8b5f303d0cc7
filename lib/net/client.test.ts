import { afterEach, describe, expect, it } from "vitest";
import { clientAddress, clientProto } from "./client";
import { CLIENT_IP_HEADER, CLIENT_PROTO_HEADER } from "./forwarded.mjs";

const req = (headers: Record<string, string>, url = "http://app.example/") => new Request(url, { headers });
const vercel = process.env.VERCEL;

describe("the client's address", () => {
  afterEach(() => {
    if (vercel === undefined) delete process.env.VERCEL;
    else process.env.VERCEL = vercel;
  });

  it("is what the HTTP front decided, never a forwarding header", () => {
    delete process.env.VERCEL;
    expect(clientAddress(req({ [CLIENT_IP_HEADER]: "198.51.100.7", "x-forwarded-for": "6.6.6.6" }))).toBe(
      "198.51.100.7",
    );
    expect(clientAddress(req({ "x-forwarded-for": "6.6.6.6", "x-real-ip": "6.6.6.7" }))).toBeNull();
    expect(clientProto(req({ "x-forwarded-proto": "https" }))).toBe("http");
    expect(clientProto(req({ [CLIENT_PROTO_HEADER]: "https" }))).toBe("https");
    expect(clientProto(req({}, "https://app.example/"))).toBe("https");
  });

  it("on Vercel, is the address its edge sets", () => {
    process.env.VERCEL = "1";
    expect(clientAddress(req({ "x-real-ip": "198.51.100.8" }))).toBe("198.51.100.8");
    expect(clientProto(req({ "x-forwarded-proto": "https" }))).toBe("https");
  });
});
