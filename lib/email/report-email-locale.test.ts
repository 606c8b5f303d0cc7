import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { deriveKpis } from "../pdf/kpis";
import type { OutputColumn } from "../reports/types";
import { renderEmail, ReportEmail } from "./report-email";

const revenue: OutputColumn = {
  key: "sum_revenue",
  label: "Revenue",
  type: "number",
  format: "currency",
  unit: "USD",
  sensitive: false,
  kind: "measure",
};

async function emailText(locale: string): Promise<string> {
  const kpis = deriveKpis(
    {
      columns: [revenue],
      totals: { rows: 2, measures: [{ key: "sum_revenue", label: "Revenue", kind: "sum", value: 1234.56 }] },
    },
    2,
    locale,
  );
  const { text } = await renderEmail(
    createElement(ReportEmail, {
      workspace: { name: "Acme", brandColor: "#2563eb", locale },
      scheduleName: "Weekly",
      reportName: "Revenue",
      period: "Jan 1 – Jan 7, 2026 (UTC)",
      kpis,
      rowCount: 12_345,
      attachments: [],
      links: [],
      manageUrl: "https://chartroom.example/schedules",
      late: false,
    }),
  );
  return text.replace(/\s+/g, " ");
}

describe("report e-mails", () => {
  it("write numbers and money in the workspace locale", async () => {
    const de = await emailText("de-DE");
    expect(de).toContain("12.345 rows");
    expect(de).toContain("1.234,56 $");
    const us = await emailText("en-US");
    expect(us).toContain("12,345 rows");
    expect(us).toContain("$1,234.56");
  });
});
