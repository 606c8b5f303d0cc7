"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useMemo, useState, type ReactNode } from "react";
import { CHART_HEIGHT } from "@/components/dashboard/chart-theme";
import { ExportDialog } from "@/components/exports/export-dialog";
import {
  useCreateReport,
  useDatasets,
  useDeleteReport,
  useDuplicateReport,
  useChartSeries,
  usePreview,
  useUpdateReport,
} from "@/components/hooks/report-queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { LoadErrorCard } from "@/components/ui/query-state";
import type { WorkspaceSummary } from "@/lib/workspace-summary";
import type { CatalogDataset } from "@/lib/reports/catalog";
import type { ReportDetail } from "@/lib/reports/types";
import { ChartSettings } from "./chart-settings";
import { ColumnsPicker } from "./columns-picker";
import {
  buildDefinition,
  DEFAULT_NAME,
  draftFromReport,
  draftIsAggregated,
  draftSnapshot,
  emptyDraft,
  normalizeDraft,
  plannedColumns,
  switchDataset,
  type Draft,
} from "./draft";
import { describedBy, FieldMessages } from "./field-messages";
import { useLocale } from "@/components/ui/locale";
import { formatInteger } from "@/lib/format/numbers";
import { FieldNotices } from "./field-notices";
import { FiltersEditor } from "./filters-editor";
import { GroupByPicker, TimeBucketSelect } from "./group-by-picker";
import { describePath, hasControl, issuesAt, issuesFromError, isValidationError, type Issue } from "./issues";
import { MeasuresEditor } from "./measures-editor";
import { PreviewPanel } from "./preview-panel";
import { ReportChart } from "./report-chart";
import { TimeRangePicker } from "./time-range-picker";
import { useDebouncedValue } from "./use-debounced-value";
import { useLeaveGuard } from "./use-leave-guard";

const PREVIEW_DEBOUNCE_MS = 400;

/** Reports created in this tab, so the page they open on can say "Saved" right away. */
const justCreated = new Set<string>();

export interface ReportBuilderProps {
  workspace: WorkspaceSummary;
  /** null: a new report (/reports/new). */
  report: ReportDetail | null;
  canEdit: boolean;
  /** May start export jobs (members and above); defaults to `canEdit`. Others download the file directly. */
  canExport?: boolean;
}

export function ReportBuilder(props: ReportBuilderProps) {
  const datasets = useDatasets();
  const title = props.report?.name ?? "New report";

  if (datasets.isPending) {
    return (
      <div className="builder-page">
        <BuilderHeading title={title} />
        <BuilderSkeleton />
      </div>
    );
  }
  if (datasets.isError) {
    return (
      <div className="builder-page">
        <BuilderHeading title={title} />
        <LoadErrorCard title="Could not load the datasets" query={datasets} />
      </div>
    );
  }
  // A fresh editor per workspace and per report: a switch or a navigation never carries a draft over.
  return <BuilderView key={`${props.workspace.id}:${props.report?.id ?? "new"}`} {...props} datasets={datasets.data} />;
}

function BuilderHeading(props: { title: string; meta?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header builder-header">
      <div className="page-heading">
        <nav aria-label="Breadcrumb" className="breadcrumb">
          <Link href="/reports">Reports</Link>
          <span aria-hidden="true"> /</span>
        </nav>
        <h1 className="page-title">{props.title}</h1>
        {props.meta ? <div className="page-meta">{props.meta}</div> : null}
      </div>
      {props.actions ? <div className="page-actions">{props.actions}</div> : null}
    </header>
  );
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function BuilderView({
  workspace,
  report,
  canEdit,
  canExport = canEdit,
  datasets,
}: ReportBuilderProps & { datasets: CatalogDataset[] }) {
  const router = useRouter();
  const id = useId();
  const locale = useLocale();
  const timeZone = workspace.timezone;
  // Admins and owners may see raw values of personal fields, and so filter them by value.
  const canSeeRaw = workspace.role === "admin" || workspace.role === "owner";

  const [initial] = useState(() => {
    const draft = report ? draftFromReport(report, datasets, timeZone) : emptyDraft(datasets[0], timeZone);
    const dataset = datasets.find((d) => d.key === draft.dataset);
    return { draft, snapshot: draftSnapshot(draft, dataset, timeZone) };
  });
  const [draft, setDraft] = useState<Draft>(initial.draft);
  const [savedSnapshot, setSavedSnapshot] = useState(initial.snapshot);
  // What the saved report holds: an export exports it, and may narrow its period and fields.
  const [savedDraft, setSavedDraft] = useState(initial.draft);
  const [savedName, setSavedName] = useState(report?.name ?? "");
  const [justSaved, setJustSaved] = useState(() => (report ? justCreated.has(report.id) : false));
  const [saveFailure, setSaveFailure] = useState<{ snapshot: string; error: Error } | null>(null);
  const [saveBlocked, setSaveBlocked] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [exportOpen, setExportOpen] = useState(false);

  useEffect(() => {
    if (report) justCreated.delete(report.id);
  }, [report]);

  const dataset = datasets.find((d) => d.key === draft.dataset);
  const update = useCallback(
    (change: (d: Draft) => Draft) =>
      setDraft((previous) => {
        const next = change(previous);
        return normalizeDraft(
          next,
          datasets.find((d) => d.key === next.dataset),
        );
      }),
    [datasets],
  );

  const built = useMemo(() => buildDefinition(draft, dataset, timeZone), [draft, dataset, timeZone]);
  const snapshot = useMemo(() => draftSnapshot(draft, dataset, timeZone), [draft, dataset, timeZone]);
  const changed = snapshot !== savedSnapshot;
  const dirty = canEdit && changed;
  const aggregated = draftIsAggregated(draft);

  // Preview: only complete definitions are sent, after typing pauses.
  const definitionJson = built.problems.length === 0 ? JSON.stringify(built.definition) : null;
  const debouncedJson = useDebouncedValue(definitionJson, PREVIEW_DEBOUNCE_MS);
  const [paging, setPaging] = useState({ json: debouncedJson, page: 0 });
  const page = paging.json === debouncedJson ? paging.page : 0;
  const preview = usePreview(workspace.id, debouncedJson, page, report?.id);
  const chartSeries = useChartSeries(workspace.id, debouncedJson, draft.chart.type !== "none", report?.id);

  const create = useCreateReport();
  const save = useUpdateReport(report?.id ?? "");
  const duplicate = useDuplicateReport(report?.id ?? "");
  const remove = useDeleteReport(report?.id ?? "");
  const saving = create.isPending || save.isPending;

  useLeaveGuard(dirty);

  // ---------- Issues ----------
  const nameIssues: Issue[] = draft.name.trim()
    ? []
    : [{ path: "name", message: "Enter a name for the report.", local: true }];
  const localIssues = [...nameIssues, ...built.problems];
  const previewIssues = preview.isError ? issuesFromError(preview.error) : [];
  const saveIssues = saveFailure && saveFailure.snapshot === snapshot ? issuesFromError(saveFailure.error) : [];
  const serverIssues = dedupe([...saveIssues, ...previewIssues]);
  const issues = [...serverIssues, ...localIssues];
  const saveError = saveFailure && !isValidationError(saveFailure.error) ? saveFailure.error.message : null;

  const exportChoices = useMemo(() => {
    const savedDataset = datasets.find((d) => d.key === savedDraft.dataset);
    return {
      columns: plannedColumns(savedDraft, savedDataset).map((c) => ({ key: c.key, label: c.label })),
      range: savedDraft.range,
      from: savedDraft.rangeFrom,
      to: savedDraft.rangeTo,
      timeZone,
    };
  }, [datasets, savedDraft, timeZone]);

  const columns = useMemo(() => {
    const planned = plannedColumns(draft, dataset);
    const labels = new Map((preview.data?.columns ?? []).map((c) => [c.key, c.label]));
    return planned.map((c) => ({ ...c, label: labels.get(c.key) ?? c.label }));
  }, [draft, dataset, preview.data]);
  const sortable = useMemo(() => new Set(columns.map((c) => c.key)), [columns]);

  // ---------- Actions ----------
  function onSave() {
    if (!canEdit || saving) return;
    if (localIssues.length > 0) {
      setSaveBlocked(true);
      return;
    }
    setSaveBlocked(false);
    setSaveFailure(null);
    setActionError(null);
    const payload = { name: draft.name.trim(), description: draft.description.trim(), definition: built.definition };
    const sent = snapshot;
    const sentDraft = draft;
    const onError = (error: Error) => setSaveFailure({ snapshot: sent, error });
    if (!report) {
      create.mutate(payload, {
        onSuccess: ({ report: created }) => {
          setSavedSnapshot(sent);
          setJustSaved(true);
          justCreated.add(created.id);
          router.replace(`/reports/${encodeURIComponent(created.id)}`);
        },
        onError,
      });
    } else {
      save.mutate(payload, {
        onSuccess: ({ report: saved }) => {
          setSavedSnapshot(sent);
          setSavedDraft(sentDraft);
          setSavedName(saved.name);
          setJustSaved(true);
        },
        onError,
      });
    }
  }

  function onDuplicate() {
    if (!report) return;
    if (
      dirty &&
      !window.confirm("The copy is made from the last saved version, without your unsaved changes. Continue?")
    ) {
      return;
    }
    setActionError(null);
    duplicate.mutate(undefined, {
      onSuccess: ({ report: copy }) => router.push(`/reports/${encodeURIComponent(copy.id)}`),
      onError: (error) => setActionError(`Could not duplicate the report: ${error.message}`),
    });
  }

  function onDelete() {
    if (!report) return;
    if (!window.confirm(`Delete “${savedName}”? This cannot be undone.`)) return;
    setActionError(null);
    remove.mutate(undefined, {
      onSuccess: () => router.push("/reports"),
      onError: (error) => setActionError(`Could not delete the report: ${error.message}`),
    });
  }

  function onSort(key: string) {
    update((d) => {
      const current = d.sort[0];
      if (current?.key !== key) return { ...d, sort: [{ key, dir: "asc" }] };
      return { ...d, sort: current.dir === "asc" ? [{ key, dir: "desc" }] : [] };
    });
  }

  // ---------- Render ----------
  const status = saving ? (
    <Badge tone="info">Saving…</Badge>
  ) : dirty ? (
    <Badge tone="warning">Unsaved changes</Badge>
  ) : justSaved ? (
    <Badge tone="success">Saved</Badge>
  ) : null;

  const exportButton = report ? (
    <Button aria-haspopup="dialog" onClick={() => setExportOpen(true)}>
      Export
    </Button>
  ) : null;
  const actions = canEdit ? (
    <>
      {report ? (
        <>
          <Button onClick={onDelete} disabled={remove.isPending} variant="ghost">
            {remove.isPending ? "Deleting…" : "Delete"}
          </Button>
          <Button onClick={onDuplicate} disabled={duplicate.isPending}>
            {duplicate.isPending ? "Duplicating…" : "Duplicate"}
          </Button>
          {exportButton}
        </>
      ) : null}
      <Button variant="primary" onClick={onSave} aria-disabled={saving}>
        {saving ? "Saving…" : "Save"}
      </Button>
    </>
  ) : (
    exportButton
  );

  const nameId = `${id}-name`;
  const nameMessages = issuesAt(issues, "name");
  const descriptionMessages = issuesAt(issues, "description");
  const datasetMessages = issuesAt(issues, "definition.dataset");
  const limitMessages = issuesAt(issues, "definition.limit");
  const sortMessages = issuesAt(issues, "definition.sort");
  const summaryIssues = serverIssues.length > 0 ? serverIssues : saveBlocked ? localIssues : [];
  const chartType = draft.chart.type;
  const sortColumn = draft.sort[0] ? columns.find((c) => c.key === draft.sort[0].key) : undefined;

  return (
    <div className="builder-page">
      <BuilderHeading
        title={report ? savedName : "New report"}
        meta={
          <>
            {report?.templateKey ? <Badge tone="info">Template</Badge> : null}
            <span className="builder-status" role="status">
              {status}
            </span>
          </>
        }
        actions={actions}
      />
      {report ? (
        <ExportDialog
          open={exportOpen}
          onClose={() => setExportOpen(false)}
          source={{ reportId: report.id, name: savedName }}
          canExport={canExport}
          canExportRaw={canSeeRaw}
          unsavedChanges={changed}
          choices={exportChoices}
        />
      ) : null}

      {!canEdit ? (
        <p className="notice notice-info">
          You have view access. You can change this report here to explore the data, but only members can save changes.
        </p>
      ) : null}
      {actionError ? (
        <p className="form-error" role="alert">
          {actionError}
        </p>
      ) : null}
      {saveError ? (
        <p className="form-error" role="alert">
          Could not save the report: {saveError}
        </p>
      ) : null}
      {summaryIssues.length > 0 ? (
        <div className="issue-summary" role="alert">
          <p className="issue-summary-title">
            {serverIssues.length > 0
              ? summaryIssues.length === 1
                ? "There is a problem with this report:"
                : `There are ${summaryIssues.length} problems with this report:`
              : "Finish these before saving:"}
          </p>
          <ul>
            {summaryIssues.map((issue, i) => (
              <li key={i}>
                <strong>{describePath(issue.path)}:</strong> {issue.message}
                {hasControl(issue.path) ? null : <span className="sr-only"> (applies to the whole report)</span>}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <div className="builder">
        <div className="card builder-panel">
          <a className="builder-jump" href={`#${id}-preview`}>
            Jump to the preview
          </a>
          <section className="builder-section" aria-labelledby={`${id}-report`}>
            <h2 id={`${id}-report`} className="builder-section-title">
              Report
            </h2>
            <div className="field">
              <label className="label" htmlFor={nameId}>
                Report name
              </label>
              <Input
                id={nameId}
                value={draft.name}
                maxLength={200}
                placeholder={DEFAULT_NAME}
                onChange={(e) => update((d) => ({ ...d, name: e.target.value }))}
                {...describedBy(`${nameId}-messages`, nameMessages)}
              />
              <FieldMessages id={`${nameId}-messages`} issues={nameMessages} />
            </div>
            <div className="field">
              <label className="label" htmlFor={`${id}-description`}>
                Description <span className="label-optional">(optional)</span>
              </label>
              <textarea
                id={`${id}-description`}
                className="input textarea"
                rows={2}
                maxLength={2000}
                value={draft.description}
                onChange={(e) => update((d) => ({ ...d, description: e.target.value }))}
                {...describedBy(`${id}-description-messages`, descriptionMessages)}
              />
              <FieldMessages id={`${id}-description-messages`} issues={descriptionMessages} />
            </div>
            <div className="field">
              <label className="label" htmlFor={`${id}-dataset`}>
                Dataset
              </label>
              <Select
                id={`${id}-dataset`}
                value={draft.dataset}
                onChange={(e) => {
                  const next = datasets.find((d) => d.key === e.target.value);
                  if (next) update((d) => switchDataset(d, next));
                }}
                {...describedBy(`${id}-dataset-messages`, datasetMessages)}
              >
                {dataset ? null : (
                  <option value={draft.dataset} disabled>
                    {draft.dataset ? `Unknown dataset (${draft.dataset})` : "Choose a dataset…"}
                  </option>
                )}
                {datasets.map((d) => (
                  <option key={d.key} value={d.key}>
                    {d.label}
                  </option>
                ))}
              </Select>
              {dataset ? <p className="builder-help">{dataset.description}</p> : null}
              <FieldMessages id={`${id}-dataset-messages`} issues={datasetMessages} />
            </div>
          </section>

          {dataset ? (
            <>
              <section className="builder-section" aria-labelledby={`${id}-rows`}>
                <h2 id={`${id}-rows`} className="builder-section-title">
                  {aggregated ? "Summary" : "Rows"}
                </h2>
                <p className="builder-help">
                  {aggregated
                    ? "One row per group. Remove all groups and measures to list individual rows instead."
                    : "One row per record. Group by a field or add a measure to summarize instead."}
                </p>
                <FieldNotices notices={preview.data?.notices} codes={["columns_defaulted"]} />
                {aggregated ? null : (
                  <ColumnsPicker
                    dataset={dataset}
                    columns={draft.columns}
                    issues={issues}
                    onChange={(columns) => update((d) => ({ ...d, columns }))}
                  />
                )}
                <GroupByPicker
                  dataset={dataset}
                  groupBy={draft.groupBy}
                  issues={issues}
                  onChange={(groupBy) => update((d) => ({ ...d, groupBy }))}
                />
                <TimeBucketSelect
                  id={`${id}-bucket`}
                  value={draft.timeBucket}
                  issues={issues}
                  onChange={(timeBucket) => update((d) => ({ ...d, timeBucket }))}
                />
                <MeasuresEditor
                  id={id}
                  dataset={dataset}
                  measures={draft.measures}
                  issues={issues}
                  onChange={(measures) => update((d) => ({ ...d, measures }))}
                />
              </section>

              <section className="builder-section" aria-labelledby={`${id}-filter`}>
                <h2 id={`${id}-filter`} className="builder-section-title">
                  Filter
                </h2>
                <TimeRangePicker
                  id={`${id}-range`}
                  range={draft.range}
                  from={draft.rangeFrom}
                  to={draft.rangeTo}
                  timeZone={timeZone}
                  issues={issues}
                  onChange={(patch) => update((d) => ({ ...d, ...patch }))}
                />
                <FieldNotices notices={preview.data?.notices} codes={["range_clamped"]} />
                <FiltersEditor
                  id={id}
                  workspaceId={workspace.id}
                  dataset={dataset}
                  filters={draft.filters}
                  issues={issues}
                  timeZone={timeZone}
                  canFilterPersonal={canSeeRaw}
                  onChange={(filters) => update((d) => ({ ...d, filters }))}
                />
              </section>

              <section className="builder-section" aria-labelledby={`${id}-output`}>
                <h2 id={`${id}-output`} className="builder-section-title">
                  Output
                </h2>
                <div className="field">
                  <span className="label">Sort</span>
                  <div className="sort-summary">
                    <span className="builder-help">
                      {sortColumn
                        ? `${sortColumn.label}, ${draft.sort[0].dir === "asc" ? "ascending" : "descending"}`
                        : "Default order"}
                      {" — click a column header in the preview to change it."}
                    </span>
                    {draft.sort.length > 0 ? (
                      <Button size="sm" variant="ghost" onClick={() => update((d) => ({ ...d, sort: [] }))}>
                        Clear sort
                      </Button>
                    ) : null}
                  </div>
                  <FieldMessages issues={sortMessages} />
                </div>
                <div className="field">
                  <label className="label" htmlFor={`${id}-limit`}>
                    Row limit
                  </label>
                  <Input
                    id={`${id}-limit`}
                    type="number"
                    min={1}
                    step={1}
                    inputMode="numeric"
                    value={draft.limit}
                    onChange={(e) => update((d) => ({ ...d, limit: e.target.value }))}
                    {...describedBy(`${id}-limit-messages`, limitMessages)}
                  />
                  <FieldMessages id={`${id}-limit-messages`} issues={limitMessages} />
                  <FieldNotices notices={preview.data?.notices} codes={["limit_clamped", "limit_reached"]} />
                  {preview.data?.limited ? (
                    <p className="builder-help" data-notice="limited">
                      The preview and exports stop at this limit: {formatInteger(preview.data.totalCount, locale)} rows
                      match.
                    </p>
                  ) : null}
                </div>
                <ChartSettings
                  id={`${id}-chart`}
                  chart={draft.chart}
                  columns={columns}
                  issues={issues}
                  onChange={(chart) => update((d) => ({ ...d, chart: { ...d.chart, ...chart } }))}
                />
              </section>
            </>
          ) : null}
        </div>

        {/* Stays in view beside the form on wide screens (sticky in CSS); below it on narrow ones. */}
        <div className="builder-main" id={`${id}-preview`} data-testid="builder-preview">
          {chartType !== "none" ? (
            <Card className="chart-card report-chart-card" data-testid="report-chart">
              <CardHeader title="Chart" description="Drawn from the report's whole result, on every preview page" />
              {chartSeries.data ? (
                <ReportChart
                  data={chartSeries.data}
                  timeZone={timeZone}
                  brandColor={workspace.brandColor}
                  partialBuckets={preview.data?.notices.find((n) => n.code === "partial_buckets")?.buckets}
                />
              ) : chartSeries.isError || preview.isError || definitionJson === null ? (
                <p className="chart-empty" style={{ height: CHART_HEIGHT }}>
                  The chart appears once the preview runs.
                </p>
              ) : (
                <Skeleton height={CHART_HEIGHT} />
              )}
            </Card>
          ) : null}
          <PreviewPanel
            query={preview}
            paused={definitionJson === null}
            settling={definitionJson !== debouncedJson}
            sort={draft.sort}
            sortable={sortable}
            timeZone={timeZone}
            page={page}
            onSort={onSort}
            onPage={(next) => setPaging({ json: debouncedJson, page: next })}
          />
        </div>
      </div>
    </div>
  );
}

function BuilderSkeleton() {
  return (
    <div className="builder" aria-busy="true">
      <span className="sr-only" role="status">
        Loading the report builder…
      </span>
      <div className="card builder-panel">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="field">
            <Skeleton width="40%" height={14} />
            <Skeleton height={34} />
          </div>
        ))}
      </div>
      <div className="builder-main">
        <div className="card preview-card">
          <Skeleton width="20%" height={16} />
          <div className="preview-skeleton">
            {Array.from({ length: 8 }, (_, i) => (
              <Skeleton key={i} height={20} />
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}
