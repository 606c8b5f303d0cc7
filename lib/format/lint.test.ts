import { resolve } from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The project's own ESLint config, run on source text as if it lived at a path: display
// formatting through Intl or toLocale*String is refused outside lib/format/.
const root = resolve(__dirname, "../..");
const eslint = new ESLint({ cwd: root });

async function formattingErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, filePath) });
  return result.messages.filter((m) => m.ruleId === "no-restricted-syntax").map((m) => m.message);
}

const OFFENDERS = [
  'export const a = new Intl.NumberFormat("en-US").format(1234);',
  'export const b = Intl.NumberFormat("de-DE", { style: "percent" }).format(0.5);',
  'export const c = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }).format(new Date());',
  "export const d = Intl.DateTimeFormat().format(new Date());",
  'export const e = (1234).toLocaleString("en-US");',
  "export const f = new Date().toLocaleDateString();",
  "export const g = new Date().toLocaleTimeString();",
  'export const h = new Intl.RelativeTimeFormat("de-DE").format(-5, "minute");',
];

describe("lint rule: formatting only through lib/format", () => {
  it("refuses Intl formatters and toLocale*String in lib/ and components/", { timeout: 60_000 }, async () => {
    for (const code of OFFENDERS) {
      for (const path of ["lib/reports/fixture.ts", "components/dashboard/fixture.tsx"]) {
        const errors = await formattingErrors(code, path);
        expect(errors.length, `${path}: ${code}`).toBeGreaterThan(0);
        expect(errors[0]).toContain("lib/format/");
      }
    }
  });

  it("allows them in the module itself, and reading the browser's zone anywhere", { timeout: 60_000 }, async () => {
    for (const code of OFFENDERS) expect(await formattingErrors(code, "lib/format/fixture.ts")).toEqual([]);
    const zone = "export const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;";
    expect(await formattingErrors(zone, "components/reports/fixture.tsx")).toEqual([]);
  });
});
