import { afterEach, describe, expect, it } from "vitest";
import { CLIENT_PROTO_HEADER } from "../net/forwarded.mjs";
import { assertSameOrigin } from "./csrf";

const req = (method: string, headers: Record<string, string>) =>
  new Request("http://app.example/api/reports", { method, headers });
const publicUrl = process.env.NEXTAUTH_URL;

describe("cross-site request protection", () => {
  afterEach(() => {
    if (publicUrl === undefined) delete process.env.NEXTAUTH_URL;
    else process.env.NEXTAUTH_URL = publicUrl;
  });

  it("lets our own pages, scripts and reads through", () => {
    expect(() =>
      assertSameOrigin(
        req("POST", { host: "app.example", origin: "http://app.example", "sec-fetch-site": "same-origin" }),
      ),
    ).not.toThrow();
    expect(() => assertSameOrigin(req("DELETE", { host: "app.example" }))).not.toThrow();
    expect(() =>
      assertSameOrigin(
        req("GET", { host: "app.example", origin: "https://evil.example", "sec-fetch-site": "cross-site" }),
      ),
    ).not.toThrow();
  });

  it("refuses state changes from other sites", () => {
    const attempts: Record<string, string>[] = [
      { host: "app.example", origin: "https://evil.example" },
      { host: "app.example", "sec-fetch-site": "cross-site" },
      { host: "app.example", "sec-fetch-site": "same-site", origin: "http://sub.app.example" },
      { host: "app.example", origin: "null" },
    ];
    for (const headers of attempts) {
      expect(() => assertSameOrigin(req("POST", headers)), JSON.stringify(headers)).toThrow(/Cross-site/);
    }
  });

  it("compares the scheme and the port as well as the host", () => {
    delete process.env.NEXTAUTH_URL;
    const refused: Record<string, string>[] = [
      { host: "app.example", origin: "https://app.example" },
      { host: "app.example:8080", origin: "https://app.example:8080" },
      { host: "app.example:8080", origin: "http://app.example:8081" },
      { host: "app.example:8080", origin: "http://app.example" },
      { host: "app.example", origin: "http://app.example:8080" },
      { host: "app.example", [CLIENT_PROTO_HEADER]: "https", origin: "http://app.example" },
    ];
    for (const headers of refused) {
      expect(() => assertSameOrigin(req("POST", headers)), JSON.stringify(headers)).toThrow(/Cross-site/);
    }
    const allowed: Record<string, string>[] = [
      { host: "app.example:8080", origin: "http://app.example:8080" },
      { host: "app.example:80", origin: "http://app.example" },
      { host: "APP.example", origin: "http://app.EXAMPLE" },
      { host: "app.example", [CLIENT_PROTO_HEADER]: "https", origin: "https://app.example" },
      { host: "app.example:443", [CLIENT_PROTO_HEADER]: "https", origin: "https://app.example" },
    ];
    for (const headers of allowed) {
      expect(() => assertSameOrigin(req("POST", headers)), JSON.stringify(headers)).not.toThrow();
    }
  });

  it("accepts the configured public URL's origin, and only with its scheme and port", () => {
    process.env.NEXTAUTH_URL = "https://reports.example.com";
    expect(() =>
      assertSameOrigin(req("POST", { host: "internal:3000", origin: "https://reports.example.com" })),
    ).not.toThrow();
    expect(() =>
      assertSameOrigin(req("POST", { host: "internal:3000", origin: "http://reports.example.com" })),
    ).toThrow(/Cross-site/);
    expect(() =>
      assertSameOrigin(req("POST", { host: "internal:3000", origin: "https://reports.example.com:8443" })),
    ).toThrow(/Cross-site/);
  });
});
