import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES, ConfigError, readConfig } from "./config";

/** The variables named in the first column of README's configuration table. */
function readmeVariables(): string[] {
  const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("For test runs only"));
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .flatMap((line) => [...line.split("|")[1].matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]));
}

describe("configuration", () => {
  it("documents exactly the variables lib/config.ts reads", () => {
    const documented = readmeVariables();
    expect(documented.length).toBeGreaterThan(30);
    expect([...documented].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it("gives every default when nothing is set", () => {
    const config = readConfig({});
    expect(config.port).toBe(3000);
    expect(config.exports.workspaceConcurrency).toBe(2);
    expect(config.exports.retentionMs).toBe(7 * 86_400_000);
    expect(config.runs).toMatchObject({ sendAttempts: 3, runAttempts: 4, pauseAfter: 3, maxRecipients: 50 });
    expect(config.rateLimits.exportsPerUser).toBe(30);
    expect(config.s3).toBeNull();
    expect(config.worker.inProcess).toBe(true);
    expect(config.log).toBe(true);
  });

  it("reads set values as their types, blank ones as unset", () => {
    const config = readConfig({
      PORT: "8080",
      CHARTROOM_WORKER: "off",
      CHARTROOM_EMAIL_TIMEOUT_MS: " ",
      CHARTROOM_S3_BUCKET: "b",
    });
    expect(config.port).toBe(8080);
    expect(config.worker.inProcess).toBe(false);
    expect(config.email.timeoutMs).toBe(15_000);
    expect(config.s3).toMatchObject({ bucket: "b", region: "us-east-1", forcePathStyle: false });
  });

  it("refuses a value it cannot use with an error naming the variable", () => {
    const read = () => readConfig({ CHARTROOM_WORKER_CONCURRENCY: "two", CHARTROOM_APP_URL: "reports.example.com" });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/CHARTROOM_WORKER_CONCURRENCY="two"/);
    expect(read).toThrow(/CHARTROOM_APP_URL="reports.example.com"/);
    expect(() => readConfig({ CHARTROOM_RATE_EXPORTS_PER_USER: "0" })).toThrow(/CHARTROOM_RATE_EXPORTS_PER_USER/);
  });
});
