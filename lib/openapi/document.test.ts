import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./document";

const API_DIR = join(process.cwd(), "app", "api");
/** Not part of the public API: next-auth's own endpoints and the scheduler's cron hooks. */
const EXCLUDED = [/^\/api\/auth\//, /^\/api\/cron(\/|$)/];
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return routeFiles(path);
    return name === "route.ts" || name === "route.tsx" ? [path] : [];
  });
}

/** Every route file under app/api as OpenAPI path and the methods it exports. */
function routes(): { path: string; methods: string[] }[] {
  return routeFiles(API_DIR)
    .map((file) => {
      const segments = relative(API_DIR, file).split(sep).slice(0, -1);
      const path = `/api/${segments.map((s) => s.replace(/^\[(\w+)\]$/, "{$1}")).join("/")}`;
      const source = readFileSync(file, "utf8");
      const methods = METHODS.filter((m) =>
        new RegExp(`export\\s+(const|async function|function)\\s+${m}\\b`).test(source),
      );
      return { path, methods: methods.map((m) => m.toLowerCase()) };
    })
    .filter((r) => !EXCLUDED.some((re) => re.test(r.path)));
}

describe("OpenAPI document", () => {
  const doc = openApiDocument("http://localhost:3000");

  it("validates against the OpenAPI 3.1 schema", async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(JSON.stringify(doc)));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("describes every route file and method under app/api", () => {
    const found = routes();
    expect(found.length).toBeGreaterThan(20);
    const paths = doc.paths as Record<string, Record<string, unknown>>;
    const missing = found.flatMap((r) =>
      r.methods.filter((m) => !paths[r.path]?.[m]).map((m) => `${m.toUpperCase()} ${r.path}`),
    );
    expect(missing, "routes missing from lib/openapi/operations.ts").toEqual([]);
    const documented = Object.entries(paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    const existing = new Set(found.flatMap((r) => r.methods.map((m) => `${m.toUpperCase()} ${r.path}`)));
    expect(
      documented.filter((d) => !existing.has(d)),
      "documented routes that do not exist",
    ).toEqual([]);
  });

  it("takes request bodies from the schemas the routes validate with", () => {
    type Body = { properties: { records: { maxItems: number; items: { required: string[]; properties: object } } } };
    const paths = doc.paths as Record<
      string,
      { post?: { requestBody?: { content: Record<string, { schema: unknown }> } } }
    >;
    const events = paths["/api/v1/events"]?.post?.requestBody?.content["application/json"].schema as Body;
    expect(events.properties.records.maxItems).toBe(1000);
    expect(events.properties.records.items.required).toEqual(
      expect.arrayContaining(["occurredAt", "userId", "deviceId", "eventType", "plan", "country", "durationMs"]),
    );
    expect(events.properties.records.items.required).not.toContain("revenue");
    expect(Object.keys(events.properties.records.items.properties)).toContain("id");
  });
});
