import { describe, expect, it } from "vitest";
import { assertSameOrigin } from "./csrf";

const req = (method: string, headers: Record<string, string>) => new Request("http://app.example/api/reports", { method, headers });

describe("cross-site request protection", () => {
  it("lets our own pages, scripts and reads through", () => {
    expect(() => assertSameOrigin(req("POST", { host: "app.example", origin: "http://app.example", "sec-fetch-site": "same-origin" }))).not.toThrow();
    expect(() => assertSameOrigin(req("DELETE", { host: "app.example" }))).not.toThrow();
    expect(() => assertSameOrigin(req("GET", { host: "app.example", origin: "https://evil.example", "sec-fetch-site": "cross-site" }))).not.toThrow();
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
});
