import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { renderEmail, ReportEmail } from "../email/report-email";
import { renderReportPdfBuffer } from "../../testing/pdf-buffer";
import { eventsReport, withMeta } from "../../testing/sample-report";

/** Names people type can hold markup; everywhere Chartroom shows them, they stay text. */
const SCRIPT = `<script>alert("x")</script>`;
const IMG = `<img src=x onerror=alert(1)>`;

describe("names with HTML or script", () => {
  it("are text in e-mails", async () => {
    const { html, text } = await renderEmail(
      createElement(ReportEmail, {
        workspace: { name: IMG, brandColor: "#2563eb" },
        scheduleName: SCRIPT,
        reportName: `Weekly ${SCRIPT}`,
        period: "Jan 1 – Jan 7, 2026 (UTC)",
        kpis: [{ label: IMG, value: "1" }],
        rowCount: 1,
        attachments: [`${SCRIPT}.pdf`],
        links: [],
        manageUrl: "https://chartroom.example/schedules",
        late: false,
      }),
    );
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(text).toContain(SCRIPT);
  });

  it("are text in PDFs", async () => {
    const sample = eventsReport(20, 20);
    const meta = withMeta(sample.meta, {
      reportName: `Weekly ${SCRIPT}`,
      workspace: { ...sample.meta.workspace, name: IMG },
    });
    const pdf = await renderReportPdfBuffer(meta, sample.rows);
    const dir = mkdtempSync(join(tmpdir(), "chartroom-markup-"));
    writeFileSync(join(dir, "r.pdf"), pdf);
    const text = execFileSync("pdftotext", [join(dir, "r.pdf"), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(text).toContain(`Weekly ${SCRIPT}`);
    expect(text).toContain(IMG);
  });
});
