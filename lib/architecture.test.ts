import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Rules of the house, checked on the source itself (see docs/architecture.md).

const root = resolve(__dirname, "..");
const lib = join(root, "lib");
const testing = join(root, "testing");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "generated" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

/** A folder of lib/ (exports, reports, …) or a file at its top (db.ts, log.ts, …). */
export function unitOf(file: string): string {
  const parts = relative(lib, file).split("/");
  return parts.length === 1 ? parts[0].replace(/\.tsx$/, ".ts") : parts[0];
}

function resolveImport(from: string, specifier: string): string | null {
  let target: string;
  if (specifier.startsWith("@/")) target = join(root, specifier.slice(2));
  else if (specifier.startsWith(".")) target = resolve(dirname(from), specifier);
  else return null;
  if (!target.startsWith(lib + "/")) return null;
  for (const candidate of [target, `${target}.ts`, `${target}.tsx`, join(target, "index.ts")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** The imports of a file that land in testing/ (test support), by specifier. */
export function testingImports(file: string, source = readFileSync(file, "utf8")): string[] {
  return ts
    .preProcessFile(source, true, true)
    .importedFiles.map((f) => f.fileName)
    .filter((specifier) => {
      const target = specifier.startsWith("@/")
        ? join(root, specifier.slice(2))
        : specifier.startsWith(".")
          ? resolve(dirname(file), specifier)
          : null;
      return target !== null && (target === testing || target.startsWith(testing + "/"));
    });
}

/** The imports (static, re-exports and dynamic) of every lib/ source file, by file. */
export function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const targets = info.importedFiles
      .map((f) => resolveImport(file, f.fileName))
      .filter((t): t is string => t !== null);
    graph.set(file, targets);
  }
  return graph;
}

/** Groups of lib/ units that import each other, directly or round a longer loop (Tarjan). */
export function unitCycles(graph: Map<string, string[]>): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    const from = unitOf(file);
    if (!edges.has(from)) edges.set(from, new Set());
    for (const target of targets) if (unitOf(target) !== from) edges.get(from)!.add(unitOf(target));
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (unit: string) => {
    index.set(unit, counter);
    low.set(unit, counter++);
    stack.push(unit);
    onStack.add(unit);
    for (const next of edges.get(unit) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(unit, Math.min(low.get(unit)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(unit, Math.min(low.get(unit)!, index.get(next)!));
    }
    if (low.get(unit) === index.get(unit)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== unit);
      if (group.length > 1) cycles.push(group.sort());
    }
  };
  for (const unit of edges.keys()) if (!index.has(unit)) visit(unit);
  return cycles;
}

/** Every file one unit imports from another unit of the group, to name the culprits. */
function cycleEdges(graph: Map<string, string[]>, group: string[]): string[] {
  const out: string[] = [];
  for (const [file, targets] of graph) {
    for (const target of targets) {
      const [a, b] = [unitOf(file), unitOf(target)];
      if (a !== b && group.includes(a) && group.includes(b))
        out.push(`${relative(root, file)} → ${relative(root, target)}`);
    }
  }
  return out;
}

// Generated or tabular data, not code: long by nature.
const DATA_TABLES = ["lib/time/zone-names.ts"];

describe("architecture", () => {
  const files = sourceFiles(lib);
  const graph = importGraph(files);

  it("has no import cycles between lib/ folders and top-level modules", () => {
    const cycles = unitCycles(graph).map((group) => ({ units: group, imports: cycleEdges(graph, group) }));
    expect(cycles).toEqual([]);
  });

  it("finds a cycle when there is one", () => {
    const a = join(lib, "a-unit/x.ts");
    const b = join(lib, "b-unit/y.ts");
    expect(
      unitCycles(
        new Map([
          [a, [b]],
          [b, [a]],
        ]),
      ),
    ).toEqual([["a-unit", "b-unit"]]);
    const c = join(lib, "c.ts");
    expect(
      unitCycles(
        new Map([
          [a, [b]],
          [b, [c]],
          [c, [a]],
        ]),
      ),
    ).toEqual([["a-unit", "b-unit", "c.ts"]]);
    expect(
      unitCycles(
        new Map([
          [a, [b]],
          [b, []],
        ]),
      ),
    ).toEqual([]);
  });

  it("keeps the HTTP layer on top: no domain module imports lib/api", () => {
    const offenders = [...graph]
      .filter(([file]) => unitOf(file) !== "api")
      .flatMap(([file, targets]) =>
        targets.filter((t) => unitOf(t) === "api").map((t) => `${relative(root, file)} → ${relative(root, t)}`),
      );
    expect(offenders).toEqual([]);
  });

  it("keeps test support out of the application: nothing in lib/, app/ or components/ imports testing/", () => {
    const application = [lib, join(root, "app"), join(root, "components")].flatMap(sourceFiles);
    expect(application.length).toBeGreaterThan(100);
    const offenders = application.flatMap((file) =>
      testingImports(file).map((specifier) => `${relative(root, file)} → ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });

  it("recognises an import of testing/ however it is spelled", () => {
    const file = join(lib, "exports/x.ts");
    expect(testingImports(file, 'import { a } from "../../testing/api";')).toEqual(["../../testing/api"]);
    expect(testingImports(file, 'const m = await import("@/testing/s3");')).toEqual(["@/testing/s3"]);
    expect(testingImports(file, 'import { b } from "../jobs"; import "server-only";')).toEqual([]);
  });

  it("keeps lib/ files under 400 lines, data tables aside", () => {
    const long = files
      .map((file) => ({ file: relative(root, file), lines: readFileSync(file, "utf8").split("\n").length - 1 }))
      .filter((f) => f.lines > 400 && !DATA_TABLES.includes(f.file));
    expect(long).toEqual([]);
  });

  it("names only modules that exist in docs/architecture.md", () => {
    const doc = readFileSync(join(root, "docs/architecture.md"), "utf8");
    const paths = [...doc.matchAll(/`((?:app|lib|components|scripts|e2e|prisma|docs|testing)\/[^`\s*<>]+)`/g)].map(
      (m) => m[1],
    );
    expect(paths.length).toBeGreaterThan(10);
    const missing = paths.filter((p) => !existsSync(join(root, p.replace(/\/$/, ""))));
    expect(missing).toEqual([]);
  });
});
