import { ApiRequestError } from "@/components/hooks/queries";

/** A problem with one part of the report, addressed like the API does ("definition.filters.0.value"). */
export interface Issue {
  path: string;
  message: string;
  /** Found by the builder itself (the definition was not sent), rather than reported by the server. */
  local?: boolean;
}

/**
 * Answers about the definition itself: 400 and 422, and a 403 that names the part of it
 * the caller may not use (filtering personal fields by value).
 */
export function isValidationError(error: unknown): error is ApiRequestError {
  if (!(error instanceof ApiRequestError)) return false;
  return error.status === 400 || error.status === 422 || (error.status === 403 && error.issues.length > 0);
}

/** The issues of such an answer; other failures are not about the definition and give none. */
export function issuesFromError(error: unknown): Issue[] {
  if (!isValidationError(error)) return [];
  if (error.issues.length > 0) return error.issues.map((i) => ({ path: i.path, message: i.message }));
  return [{ path: error.param ?? "", message: error.message }];
}

/** Issues at `path` or below it. */
export function issuesAt(issues: Issue[], path: string): Issue[] {
  return issues.filter((i) => i.path === path || i.path.startsWith(`${path}.`));
}

const CONTROL_PATHS = [
  "name",
  "description",
  "definition.dataset",
  "definition.columns",
  "definition.groupBy",
  "definition.timeBucket",
  "definition.measures",
  "definition.filters",
  "definition.timeRange",
  "definition.sort",
  "definition.limit",
  "definition.chart",
];

/** True when some control shows this issue next to it; the rest only appear in the summary. */
export function hasControl(path: string): boolean {
  return CONTROL_PATHS.some((p) => path === p || path.startsWith(`${p}.`));
}

/** "definition.filters.0.value" → "Filter 1"; used to label issues in the summary. */
export function describePath(path: string): string {
  const parts = path.split(".");
  const [root, section, index] = parts[0] === "definition" ? parts : ["", parts[0], parts[1]];
  if (root === "" && section === "name") return "Name";
  if (root === "" && section === "description") return "Description";
  const n = index !== undefined && /^\d+$/.test(index) ? Number(index) + 1 : null;
  switch (section) {
    case "dataset":
      return "Dataset";
    case "columns":
      return n ? `Column ${n}` : "Columns";
    case "groupBy":
      return "Group by";
    case "timeBucket":
      return "Time bucket";
    case "measures":
      return n ? `Measure ${n}` : "Measures";
    case "filters":
      return n ? `Filter ${n}` : "Filters";
    case "timeRange":
      return "Time range";
    case "sort":
      return "Sort";
    case "limit":
      return "Row limit";
    case "chart":
      return "Chart";
    default:
      return "Report";
  }
}
