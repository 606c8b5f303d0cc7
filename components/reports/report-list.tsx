"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { formatDateTime, formatRelativeTime } from "@/lib/format/dates";
import { useDatasets, useReports } from "@/components/hooks/report-queries";
import { Badge } from "@/components/ui/badge";
import { buttonClassName } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { ListSkeleton, LoadErrorCard } from "@/components/ui/query-state";
import { useDebouncedValue } from "./use-debounced-value";
import { useLocale } from "@/components/ui/locale";

const SEARCH_DEBOUNCE_MS = 250;

function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function ReportList(props: { canEdit: boolean }) {
  const locale = useLocale();
  const id = useId();
  const [search, setSearch] = useState("");
  const q = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS);
  const reports = useReports(q);
  const datasets = useDatasets();
  const datasetLabel = (key: string) => datasets.data?.find((d) => d.key === key)?.label ?? key;
  const searching = reports.isFetching && reports.isPlaceholderData;

  return (
    <div className="reports-page">
      <header className="page-header">
        <div className="page-heading">
          <h1 className="page-title">Reports</h1>
          <p className="page-subtitle">Saved views of your data to preview, chart and export.</p>
        </div>
        <div className="page-actions">
          <div className="search-field">
            <label className="sr-only" htmlFor={`${id}-search`}>
              Search reports
            </label>
            <Input
              id={`${id}-search`}
              type="search"
              placeholder="Search reports…"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          </div>
          {props.canEdit ? (
            <Link className={buttonClassName("primary")} href="/reports/new">
              New report
            </Link>
          ) : null}
        </div>
      </header>

      <p className="updating" aria-live="polite">
        {searching ? "Searching…" : null}
      </p>

      {reports.isPending ? (
        <ListSkeleton label="Loading reports…" rows={5} widths={["40%", "20%", "15%"]} />
      ) : reports.isError ? (
        <LoadErrorCard title="Could not load reports" query={reports} />
      ) : reports.data.length === 0 ? (
        <Card className="empty-card" data-testid="reports-empty">
          {q ? (
            <>
              <p className="empty-title">No reports match “{q}”.</p>
              <p className="empty-hint">Try another name or word from the description.</p>
            </>
          ) : (
            <>
              <p className="empty-title">No reports yet.</p>
              <p className="empty-hint">
                {props.canEdit
                  ? "Create one with New report: pick a dataset, filter it, group it, chart it."
                  : "Reports that members of this workspace create will appear here."}
              </p>
            </>
          )}
        </Card>
      ) : (
        <Card className={reports.isPlaceholderData ? "report-list-card is-stale" : "report-list-card"}>
          <table className="data-table report-table">
            <caption className="sr-only">Reports</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Dataset</th>
                <th scope="col">Last updated</th>
              </tr>
            </thead>
            <tbody>
              {reports.data.map((report) => (
                <tr key={report.id}>
                  <td>
                    <div className="report-name-cell">
                      <Link className="report-link" href={`/reports/${encodeURIComponent(report.id)}`}>
                        {report.name}
                      </Link>
                      {report.templateKey ? <Badge tone="info">Template</Badge> : null}
                    </div>
                    {report.description ? <p className="report-description">{report.description}</p> : null}
                  </td>
                  <td>{datasetLabel(report.dataset)}</td>
                  <td>
                    <time
                      dateTime={report.updatedAt}
                      title={formatDateTime(report.updatedAt, browserTimeZone(), locale)}
                    >
                      {formatRelativeTime(report.updatedAt, browserTimeZone(), locale)}
                    </time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </div>
  );
}
