import { QueryClient, type QueryKey } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { exportKeys } from "./export-queries";
import { outboxKeys } from "./outbox-queries";
import { reportKeys } from "./report-queries";
import { scheduleKeys } from "./schedule-queries";

// The keys matter for what an invalidation reaches: a real QueryClient answers which cached
// queries a prefix matches, the way the mutations and the workspace switch use them.
function matched(keys: QueryKey[], filter: QueryKey): QueryKey[] {
  const client = new QueryClient();
  keys.forEach((key, i) => client.setQueryData(key, i));
  return client.getQueriesData({ queryKey: filter }).map(([key]) => key);
}

describe("query keys", () => {
  it("export lists are reached by lists() and not details; all() reaches both", () => {
    const list = exportKeys.list({ status: "running" });
    const other = exportKeys.list({ format: "csv", reportId: "r1" });
    const detail = exportKeys.detail("e1");
    expect(matched([list, other, detail], exportKeys.lists())).toEqual([list, other]);
    expect(matched([list, other, detail], exportKeys.all)).toHaveLength(3);
    expect(list).toEqual(["exports", "list", "running", "", "", "", "", ""]);
    expect(exportKeys.list({})).not.toEqual(exportKeys.list({ reportId: "r1" }));
  });

  it("report lists, previews and details are separate branches under one prefix", () => {
    const keys = [
      reportKeys.list(""),
      reportKeys.list("rev"),
      reportKeys.detail("r1"),
      reportKeys.preview("w1", "{}", 1),
      reportKeys.datasets(),
    ];
    expect(matched(keys, reportKeys.lists())).toEqual([keys[0], keys[1]]);
    expect(matched(keys, reportKeys.all)).toHaveLength(5);
    // A preview of another workspace or page is its own cache entry.
    expect(reportKeys.preview("w1", "{}", 1)).not.toEqual(reportKeys.preview("w2", "{}", 1));
    expect(reportKeys.preview("w1", "{}", 1)).not.toEqual(reportKeys.preview("w1", "{}", 2));
  });

  it("schedule lists are per workspace and reached by lists()", () => {
    const keys = [
      scheduleKeys.list("w1"),
      scheduleKeys.list("w2"),
      scheduleKeys.detail("s1"),
      scheduleKeys.runs("s1"),
      scheduleKeys.preview("0 8 * * 1", "UTC", 5),
    ];
    expect(matched(keys, scheduleKeys.lists())).toEqual([keys[0], keys[1]]);
    expect(matched(keys, scheduleKeys.all)).toHaveLength(5);
    expect(matched(keys, scheduleKeys.runs("s1"))).toEqual([keys[3]]);
  });

  it("outbox keys are per workspace under one prefix", () => {
    const keys = [outboxKeys.list("w1"), outboxKeys.list("w2"), outboxKeys.detail("m1")];
    expect(matched(keys, outboxKeys.list("w1"))).toEqual([keys[0]]);
    expect(matched(keys, outboxKeys.all)).toHaveLength(3);
  });
});
