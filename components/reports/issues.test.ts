import { describe, expect, it } from "vitest";
import { ApiRequestError } from "@/components/hooks/queries";
import { describePath, hasControl, issuesAt, issuesFromError, isValidationError } from "./issues";

describe("isValidationError and issuesFromError", () => {
  const issues = [{ path: "definition.filters.0.value", message: "Enter a number." }];

  it("take 400 and 422 answers, and a 403 only when it names a part of the definition", () => {
    expect(isValidationError(new ApiRequestError(400, "Bad"))).toBe(true);
    expect(isValidationError(new ApiRequestError(422, "Bad"))).toBe(true);
    expect(isValidationError(new ApiRequestError(403, "No", { issues }))).toBe(true);
    expect(isValidationError(new ApiRequestError(403, "No"))).toBe(false);
    expect(isValidationError(new ApiRequestError(500, "Oops", { issues }))).toBe(false);
    expect(isValidationError(new Error("network"))).toBe(false);
    expect(isValidationError({ status: 400, issues })).toBe(false);
  });

  it("return the server's issues, or one issue at the error's param", () => {
    expect(issuesFromError(new ApiRequestError(422, "Bad", { issues }))).toEqual(issues);
    expect(issuesFromError(new ApiRequestError(400, "Too long", { param: "name" }))).toEqual([
      { path: "name", message: "Too long" },
    ]);
    expect(issuesFromError(new ApiRequestError(400, "Bad body"))).toEqual([{ path: "", message: "Bad body" }]);
    expect(issuesFromError(new ApiRequestError(404, "Gone"))).toEqual([]);
  });
});

describe("issuesAt", () => {
  it("finds issues at a path and below it, not at paths that merely start alike", () => {
    const all = [
      { path: "definition.filters", message: "a" },
      { path: "definition.filters.0.value", message: "b" },
      { path: "definition.filtersX", message: "c" },
      { path: "definition.measures.0", message: "d" },
    ];
    expect(issuesAt(all, "definition.filters").map((i) => i.message)).toEqual(["a", "b"]);
    expect(issuesAt(all, "definition.filters.0").map((i) => i.message)).toEqual(["b"]);
    expect(issuesAt(all, "name")).toEqual([]);
  });
});

describe("hasControl", () => {
  it("knows which paths have a control next to them", () => {
    expect(hasControl("name")).toBe(true);
    expect(hasControl("definition.filters.2.value")).toBe(true);
    expect(hasControl("definition.chart")).toBe(true);
    expect(hasControl("definition")).toBe(false);
    expect(hasControl("definition.version")).toBe(false);
    expect(hasControl("definition.limitless")).toBe(false);
    expect(hasControl("")).toBe(false);
  });
});

describe("describePath", () => {
  it("labels every section, numbering rows from 1", () => {
    const cases: [string, string][] = [
      ["name", "Name"],
      ["description", "Description"],
      ["definition.dataset", "Dataset"],
      ["definition.columns", "Columns"],
      ["definition.columns.2", "Column 3"],
      ["definition.groupBy.0", "Group by"],
      ["definition.timeBucket", "Time bucket"],
      ["definition.measures", "Measures"],
      ["definition.measures.0.field", "Measure 1"],
      ["definition.filters.0.value", "Filter 1"],
      ["definition.filters.x", "Filters"],
      ["definition.timeRange.from", "Time range"],
      ["definition.sort.1", "Sort"],
      ["definition.limit", "Row limit"],
      ["definition.chart", "Chart"],
      ["definition.version", "Report"],
      ["", "Report"],
    ];
    for (const [path, label] of cases) expect([path, describePath(path)]).toEqual([path, label]);
  });
});
