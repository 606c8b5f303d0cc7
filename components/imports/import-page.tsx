"use client";

import Papa from "papaparse";
import { useId, useRef, useState } from "react";
import { formatDateTime } from "@/lib/format/dates";
import { formatInteger } from "@/lib/format/numbers";
import { ProgressBar } from "@/components/ui/progress-bar";
import { useQueryClient } from "@tanstack/react-query";
import { importApi, importKeys, useImports } from "@/components/hooks/import-queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Select } from "@/components/ui/select";
import {
  IMPORT_DATASETS,
  IMPORT_FIELDS,
  type CsvImportSummary,
  type ImportDataset,
  type ImportFieldType,
} from "@/lib/imports/schemas";
import { autoMap, detectType, TYPE_LABELS } from "./csv-types";
import { startUpload, type Upload } from "./upload";
import { useLocale } from "@/components/ui/locale";

const PREVIEW_ROWS = 10;
const SAMPLE_ROWS = 200;
const SHOWN_REJECTIONS = 200;

interface FilePreview {
  file: File;
  columns: string[];
  rows: Record<string, string>[];
  types: Record<string, ImportFieldType>;
}

type Phase =
  | { kind: "idle" }
  | { kind: "uploading" }
  | { kind: "interrupted"; message: string }
  | { kind: "cancelled" }
  | { kind: "done" };

function isDataset(value: string): value is ImportDataset {
  return (IMPORT_DATASETS as readonly string[]).includes(value);
}

function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function ImportPage(props: { workspaceId: string; canImport: boolean }) {
  const locale = useLocale();
  const id = useId();
  const queryClient = useQueryClient();
  const history = useImports(props.workspaceId);
  const [dataset, setDataset] = useState<ImportDataset>("usage_events");
  const [preview, setPreview] = useState<FilePreview | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  /** Dataset field → CSV column. */
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [progress, setProgress] = useState(0);
  const [summary, setSummary] = useState<CsvImportSummary | null>(null);
  const [rejections, setRejections] = useState<ReadonlyMap<number, string>>(() => new Map());
  const upload = useRef<Upload | null>(null);
  const [inWorker, setInWorker] = useState<boolean | null>(null);
  const fields = IMPORT_FIELDS[dataset].fields;
  const missing = fields.filter((f) => f.required && !mapping[f.key]);
  const busy = phase.kind === "uploading";

  function reset() {
    setPhase({ kind: "idle" });
    setProgress(0);
    setSummary(null);
    setRejections(new Map());
  }

  function pickFile(file: File | undefined) {
    reset();
    setPreview(null);
    setReadError(null);
    if (!file) return;
    // Only the first rows are read here, for the preview and the type guesses.
    Papa.parse<Record<string, string>>(file, {
      header: true,
      preview: SAMPLE_ROWS,
      skipEmptyLines: true,
      complete(results) {
        const columns = (results.meta.fields ?? []).filter(Boolean);
        if (columns.length === 0) {
          setReadError("This file has no header row: the first line must name the columns.");
          return;
        }
        const types = Object.fromEntries(columns.map((c) => [c, detectType(results.data.map((r) => r[c] ?? ""))]));
        setPreview({ file, columns, rows: results.data.slice(0, PREVIEW_ROWS), types });
        setMapping(autoMap(IMPORT_FIELDS[dataset].fields, columns));
      },
      error(error) {
        setReadError(`Could not read the file: ${error.message}`);
      },
    });
  }

  function changeDataset(value: string) {
    if (!isDataset(value)) return;
    setDataset(value);
    setMapping(preview ? autoMap(IMPORT_FIELDS[value].fields, preview.columns) : {});
    reset();
  }

  function run(importId: string, skipThrough: number) {
    if (!preview) return;
    setPhase({ kind: "uploading" });
    const current = startUpload({
      file: preview.file,
      importId,
      mapping,
      skipThrough,
      onProgress: setProgress,
      onChunk: (result, fraction) => {
        setProgress(fraction);
        setSummary(result.import);
        if (result.rejected.length > 0) {
          setRejections((map) => {
            if (map.size >= SHOWN_REJECTIONS) return map;
            const next = new Map(map);
            for (const r of result.rejected) {
              if (next.size >= SHOWN_REJECTIONS) break;
              next.set(r.line, r.issues.map((i) => `${i.path || "row"}: ${i.message}`).join("; "));
            }
            return next;
          });
        }
      },
    });
    upload.current = current;
    setInWorker(current.inWorker);
    current.done
      .then(
        () => upload.current === current && setPhase({ kind: "done" }),
        (error: unknown) =>
          upload.current === current &&
          setPhase({ kind: "interrupted", message: error instanceof Error ? error.message : "The upload stopped." }),
      )
      .finally(() => void queryClient.invalidateQueries({ queryKey: importKeys.all }));
  }

  async function start() {
    if (!preview || missing.length > 0) return;
    reset();
    setPhase({ kind: "uploading" });
    try {
      const created = await importApi.create({
        dataset,
        fileName: preview.file.name,
        // Stored as the API documents it: CSV column → field.
        mapping: Object.fromEntries(Object.entries(mapping).map(([field, column]) => [column, field])),
      });
      setSummary(created);
      run(created.id, 0);
    } catch (error) {
      setPhase({
        kind: "interrupted",
        message: error instanceof Error ? error.message : "Could not start the import.",
      });
    }
  }

  async function resume() {
    if (!summary) return start();
    setPhase({ kind: "uploading" });
    try {
      // The server knows how far it got; the file is read again from the top and sent from there.
      const current = await importApi.get(summary.id);
      setSummary(current);
      run(current.id, current.lastLine);
    } catch (error) {
      setPhase({
        kind: "interrupted",
        message: error instanceof Error ? error.message : "Could not reach the server.",
      });
    }
  }

  function cancel() {
    upload.current?.cancel();
    upload.current = null;
    setPhase({ kind: "cancelled" });
  }

  const rejectedTotal = summary?.rejectedRows ?? 0;

  return (
    <div className="import-page">
      <header className="page-header">
        <div className="page-heading">
          <h1 className="page-title">Import data</h1>
          <p className="page-subtitle">
            Load a CSV file into a dataset. Rows are checked in your browser and again on the server; sending a file
            twice stores nothing twice.
          </p>
        </div>
      </header>

      {!props.canImport ? (
        <p className="notice notice-info">Importing needs the member role or higher in this workspace.</p>
      ) : null}

      <Card>
        <CardHeader title="1. Choose a file" />
        <div className="import-pick">
          <div className="field">
            <label className="label" htmlFor={`${id}-file`}>
              CSV file
            </label>
            <input
              id={`${id}-file`}
              className="input"
              type="file"
              accept=".csv,text/csv"
              disabled={busy || !props.canImport}
              onChange={(e) => pickFile(e.target.files?.[0])}
            />
          </div>
          <div className="field">
            <label className="label" htmlFor={`${id}-dataset`}>
              Dataset
            </label>
            <Select
              id={`${id}-dataset`}
              value={dataset}
              disabled={busy}
              onChange={(e) => changeDataset(e.target.value)}
            >
              {IMPORT_DATASETS.map((d) => (
                <option key={d} value={d}>
                  {IMPORT_FIELDS[d].label}
                </option>
              ))}
            </Select>
          </div>
        </div>
        {readError ? (
          <p className="form-error" role="alert">
            {readError}
          </p>
        ) : null}
      </Card>

      {preview ? (
        <>
          <Card>
            <CardHeader
              title="2. Check the preview"
              description={`${preview.file.name} · ${formatInteger(preview.file.size, locale)} bytes · first ${preview.rows.length} rows`}
            />
            <div className="table-scroll" role="region" aria-label="File preview" tabIndex={0}>
              <table className="data-table">
                <thead>
                  <tr>
                    {preview.columns.map((c) => (
                      <th key={c} scope="col">
                        <span className="import-column-name">{c}</span>
                        <Badge tone="info">{TYPE_LABELS[preview.types[c]]}</Badge>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.map((row, i) => (
                    <tr key={i}>
                      {preview.columns.map((c) => (
                        <td key={c}>{row[c]}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>

          <Card>
            <CardHeader
              title="3. Match columns to fields"
              description="Columns whose names match a field are matched already. Required fields need a column."
            />
            <div className="import-mapping" role="group" aria-label="Column mapping">
              {fields.map((field) => (
                <div className="field" key={field.key}>
                  <label className="label" htmlFor={`${id}-map-${field.key}`}>
                    {field.label}
                    {field.required ? null : <span className="label-optional"> (optional)</span>}
                  </label>
                  <Select
                    id={`${id}-map-${field.key}`}
                    value={mapping[field.key] ?? ""}
                    disabled={busy}
                    onChange={(e) => {
                      const column = e.target.value;
                      setMapping((m) => {
                        const next = { ...m };
                        if (column) next[field.key] = column;
                        else delete next[field.key];
                        return next;
                      });
                    }}
                  >
                    <option value="">Not imported</option>
                    {preview.columns.map((c) => (
                      <option key={c} value={c}>
                        {c} ({TYPE_LABELS[preview.types[c]]})
                      </option>
                    ))}
                  </Select>
                  <span className="muted label-small">Expects {TYPE_LABELS[field.type].toLowerCase()}</span>
                </div>
              ))}
            </div>
            {missing.length > 0 ? (
              <p className="form-error">Choose a column for: {missing.map((f) => f.label).join(", ")}.</p>
            ) : null}
            <div className="import-actions">
              <Button
                variant="primary"
                disabled={busy || missing.length > 0 || !props.canImport}
                onClick={() => void start()}
              >
                Start import
              </Button>
              {busy ? <Button onClick={cancel}>Cancel</Button> : null}
              {phase.kind === "interrupted" || phase.kind === "cancelled" ? (
                <Button onClick={() => void resume()}>Resume upload</Button>
              ) : null}
            </div>
          </Card>
        </>
      ) : null}

      {phase.kind !== "idle" ? (
        <Card aria-label="Import progress">
          <CardHeader title="Progress" />
          <ProgressBar percent={phase.kind === "done" ? 100 : Math.round(progress * 100)} label="Import progress" />
          {inWorker !== null ? (
            <p className="muted label-small">
              {inWorker ? "The file is read in a background thread." : "The file is read on this page."}
            </p>
          ) : null}
          <p className="import-status" role="status">
            {phase.kind === "done"
              ? `Import finished: ${formatInteger(summary?.acceptedRows ?? 0, locale)} rows stored, ${formatInteger(rejectedTotal, locale)} rejected.`
              : phase.kind === "uploading"
                ? `Uploading… ${formatInteger(summary?.acceptedRows ?? 0, locale)} rows stored, ${formatInteger(rejectedTotal, locale)} rejected so far.`
                : phase.kind === "cancelled"
                  ? `Import paused at line ${formatInteger(summary?.lastLine ?? 0, locale)}.`
                  : `The upload stopped at line ${formatInteger(summary?.lastLine ?? 0, locale)}: ${phase.message}`}
          </p>
          {rejections.size > 0 ? (
            <div className="table-scroll" role="region" aria-label="Rejected rows" tabIndex={0}>
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">Line</th>
                    <th scope="col">Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {[...rejections.entries()]
                    .sort((a, b) => a[0] - b[0])
                    .map(([line, reason]) => (
                      <tr key={line}>
                        <td>{line}</td>
                        <td>{reason}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
              {rejectedTotal > rejections.size ? (
                <p className="muted">
                  Showing the first {rejections.size} of {formatInteger(rejectedTotal, locale)} rejected rows.
                </p>
              ) : null}
            </div>
          ) : null}
        </Card>
      ) : null}
      <Card>
        <CardHeader title="Recent imports" description="The last 20 imports in this workspace." />
        {history.isPending ? (
          <p className="muted">Loading…</p>
        ) : history.error ? (
          <p className="form-error" role="alert">
            {history.error.message}
          </p>
        ) : history.data.length === 0 ? (
          <p className="muted">No imports yet.</p>
        ) : (
          <table className="data-table" aria-label="Recent imports">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Dataset</th>
                <th scope="col">Status</th>
                <th scope="col">Stored</th>
                <th scope="col">Rejected</th>
                <th scope="col">Started</th>
              </tr>
            </thead>
            <tbody>
              {history.data.map((item) => (
                <tr key={item.id}>
                  <td>{item.fileName}</td>
                  <td>{IMPORT_FIELDS[item.dataset].label}</td>
                  <td>
                    {item.status === "completed" ? (
                      <Badge tone="success">Completed</Badge>
                    ) : (
                      <Badge tone="warning">Incomplete, up to line {formatInteger(item.lastLine, locale)}</Badge>
                    )}
                  </td>
                  <td>{formatInteger(item.acceptedRows, locale)}</td>
                  <td>{formatInteger(item.rejectedRows, locale)}</td>
                  <td>
                    {formatDateTime(item.createdAt, browserTimeZone(), locale)} by {item.createdBy}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
