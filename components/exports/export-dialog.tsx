"use client";

import Link from "next/link";
import {
  useEffect,
  useId,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
  type ReactNode,
} from "react";
import { formatDay } from "@/lib/format/dates";
import {
  isActiveStatus,
  useCancelExport,
  useCreateExport,
  useExport,
  useInvalidateExportLists,
  useRetryExport,
  type ExportJob,
  type ExportOptions,
  type ExportSource,
} from "@/components/hooks/export-queries";
import { ApiRequestError } from "@/components/hooks/queries";
import { Button, buttonClassName } from "@/components/ui/button";
import type { ExportFormat } from "@/lib/exports/types";
import type { PdfTemplate } from "@/lib/pdf/templates";
import { ProgressBar } from "@/components/ui/progress-bar";
import { useLocale } from "@/components/ui/locale";
import { FORMAT_CHOICES, TEMPLATE_CHOICES, doneText, progressText, formatDuration } from "./export-labels";
import {
  choiceParams,
  choiceProblem,
  choiceRequest,
  ExportChoiceFields,
  initialChoice,
  type ChoiceState,
  type ExportChoiceDefaults,
} from "./export-choice";
import type { ExportChoice } from "@/lib/exports/choice";

// ---------- Modal plumbing ----------

const FOCUSABLE =
  'a[href], button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
}

/** Focuses the view's chosen element (data-autofocus), else the first control. */
function focusInitial(root: HTMLElement) {
  const target = root.querySelector<HTMLElement>("[data-autofocus]") ?? focusables(root)[0];
  target?.focus();
}

/** Starts a download the way a click on a link would; the server names the file. */
function startDownload(url: string, container: HTMLElement | null) {
  const link = document.createElement("a");
  link.href = url;
  link.download = "";
  link.hidden = true;
  // Inside the modal: everything outside it is inert while it is open.
  (container ?? document.body).appendChild(link);
  link.click();
  link.remove();
}

// ---------- The dialog ----------

export interface ExportDialogProps {
  open: boolean;
  onClose: () => void;
  source: ExportSource;
  canExport: boolean;
  /** The report has unsaved changes: say that the saved version is what gets exported. */
  unsavedChanges?: boolean;
  /** Admins and owners may export sensitive fields unmasked. */
  canExportRaw?: boolean;
  /** A saved report's period and fields, offered to narrow this file without editing the report. */
  choices?: ExportChoiceDefaults;
}

interface Followed {
  id: string;
  /** Download the file as soon as it is ready (off once the dialog was closed while it ran). */
  autoDownload: boolean;
}

export function ExportDialog({
  open,
  onClose,
  source,
  canExport,
  unsavedChanges = false,
  canExportRaw = false,
  choices,
}: ExportDialogProps) {
  const id = useId();
  const locale = useLocale();
  const titleId = `${id}-title`;
  const dialogRef = useRef<HTMLDialogElement>(null);
  const openerRef = useRef<HTMLElement | null>(null);
  const pointerDownOnBackdrop = useRef(false);
  const openRef = useRef(open);
  const downloaded = useRef(new Set<string>());
  const settled = useRef(new Set<string>());

  const [format, setFormat] = useState<ExportFormat>("csv");
  const [bom, setBom] = useState(false);
  const [template, setTemplate] = useState<PdfTemplate>("detailed");
  const [raw, setRaw] = useState(false);
  // The choice starts over from the report whenever the saved report changes.
  const choiceBase = choices ? JSON.stringify(choices) : "";
  const [chosen, setChosen] = useState<{ base: string; value: ChoiceState } | null>(null);
  const choiceState = choices ? (chosen?.base === choiceBase ? chosen.value : initialChoice(choices)) : null;
  const problem = choiceState ? choiceProblem(choiceState) : null;
  const choice: ExportChoice = choices && choiceState ? choiceRequest(choices, choiceState) : {};
  const [followed, setFollowed] = useState<Followed | null>(null);
  const [downloadedId, setDownloadedId] = useState<string | null>(null);
  /** A running export stops at its next batch: until then it still says "running". */
  const [cancelRequestedId, setCancelRequestedId] = useState<string | null>(null);

  const create = useCreateExport();
  const cancel = useCancelExport();
  const retry = useRetryExport();
  const invalidateLists = useInvalidateExportLists();
  const jobQuery = useExport(open && followed ? followed.id : null);
  const job = followed && jobQuery.data?.id === followed.id ? jobQuery.data : undefined;

  const view = followed === null ? "form" : job ? (isActiveStatus(job.status) ? "active" : job.status) : "pending";

  useEffect(() => {
    openRef.current = open;
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      openerRef.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      focusInitial(dialog);
    } else if (!open && dialog.open) {
      dialog.close();
      const opener = openerRef.current;
      if (opener?.isConnected) opener.focus();
    }
  }, [open]);

  // A view replaced the focused control (Export, Cancel export): put focus somewhere useful in it.
  useEffect(() => {
    const dialog = dialogRef.current;
    if (open && dialog?.open && !dialog.contains(document.activeElement)) focusInitial(dialog);
  }, [open, view]);

  // Finished: the history is out of date, and the file is ready to download.
  useEffect(() => {
    if (!job || isActiveStatus(job.status)) return;
    if (!settled.current.has(job.id)) {
      settled.current.add(job.id);
      void invalidateLists();
    }
    if (job.status !== "succeeded" || !job.downloadUrl || !open || !followed?.autoDownload) return;
    if (downloaded.current.has(job.id)) return;
    downloaded.current.add(job.id);
    startDownload(job.downloadUrl, dialogRef.current);
    setDownloadedId(job.id);
  }, [job, open, followed, invalidateLists]);

  function follow(started: ExportJob) {
    setFollowed({ id: started.id, autoDownload: openRef.current });
  }

  function backToForm() {
    if (job) setFormat(job.format);
    setFollowed(null);
    create.reset();
    cancel.reset();
    retry.reset();
  }

  function close() {
    if (followed) {
      // A finished export starts over next time; a running one is shown again, without downloading by itself.
      if (job && !isActiveStatus(job.status)) backToForm();
      else setFollowed({ ...followed, autoDownload: false });
    } else {
      create.reset();
    }
    onClose();
  }

  const formatChoice = FORMAT_CHOICES.find((c) => c.format === format) ?? FORMAT_CHOICES[0];
  const formatOptions: ExportOptions = formatChoice.options.includes("bom")
    ? { bom }
    : formatChoice.options.includes("template")
      ? { template }
      : {};
  const options: ExportOptions | undefined =
    canExportRaw && raw
      ? { ...formatOptions, redaction: "raw" }
      : Object.keys(formatOptions).length
        ? formatOptions
        : undefined;

  function startExport() {
    if (create.isPending || problem) return;
    create.mutate(
      { source, format: formatChoice.format, options, choice },
      { onSuccess: (data) => follow(data.export) },
    );
  }

  const canceling = cancel.isPending || (job !== undefined && cancelRequestedId === job.id);

  function cancelExport() {
    if (!job || canceling) return;
    cancel.mutate(job.id, {
      onSuccess: (data) => setCancelRequestedId(data.export.id),
      // 409: it finished first. Show how it ended rather than an error.
      onError: (error) => {
        if (error instanceof ApiRequestError && error.status === 409) {
          cancel.reset();
          void jobQuery.refetch();
        }
      },
    });
  }

  function retryExport() {
    if (!job || retry.isPending) return;
    retry.mutate(job.id, { onSuccess: (data) => follow(data.export) });
  }

  function onKeyDown(event: KeyboardEvent<HTMLDialogElement>) {
    if (event.key !== "Tab") return;
    const dialog = event.currentTarget;
    const items = focusables(dialog);
    if (items.length === 0) {
      event.preventDefault();
      return;
    }
    const first = items[0];
    const last = items[items.length - 1];
    const active = document.activeElement;
    const outside = !(active instanceof HTMLElement) || active === dialog || !dialog.contains(active);
    if (event.shiftKey && (outside || active === first)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (outside || active === last)) {
      event.preventDefault();
      first.focus();
    }
  }

  function onPointerDown(event: PointerEvent<HTMLDialogElement>) {
    pointerDownOnBackdrop.current = event.target === event.currentTarget;
  }

  function onBackdropClick(event: MouseEvent<HTMLDialogElement>) {
    if (event.target === event.currentTarget && pointerDownOnBackdrop.current) close();
    pointerDownOnBackdrop.current = false;
  }

  const range =
    "definition" in source && source.definition.timeRange?.type === "absolute"
      ? `${formatDay(source.definition.timeRange.from, locale)} – ${formatDay(source.definition.timeRange.to, locale)}`
      : null;
  const reportName = job?.reportName ?? source.name;

  let body: ReactNode;
  let actions: ReactNode;
  if (view === "form") {
    const direct = !canExport && "reportId" in source;
    body = (
      <FormView
        id={id}
        format={formatChoice.format}
        bom={bom}
        template={template}
        onFormat={setFormat}
        onBom={setBom}
        onTemplate={setTemplate}
        raw={canExportRaw ? raw : null}
        onRaw={setRaw}
        onSubmit={canExport ? startExport : undefined}
        choice={
          choices && choiceState ? (
            <ExportChoiceFields
              id={`${id}-choice`}
              defaults={choices}
              value={choiceState}
              onChange={(value) => setChosen({ base: choiceBase, value })}
              problem={problem}
            />
          ) : null
        }
        notices={
          <>
            {unsavedChanges ? (
              <p className="notice notice-warning">
                This report has unsaved changes. The export uses the last saved version.
              </p>
            ) : null}
            {!canExport ? (
              <p className="notice notice-info">
                {direct
                  ? "You have view access: the file is made while it downloads and is not kept on the Exports page."
                  : "You have view access. Only members can export this report."}
              </p>
            ) : null}
          </>
        }
        error={create.isError ? <ErrorText error={create.error} prefix="Could not start the export" /> : null}
      />
    );
    actions = (
      <>
        <Button variant="ghost" onClick={close}>
          Cancel
        </Button>
        {canExport ? (
          <Button variant="primary" type="submit" form={`${id}-form`} aria-disabled={create.isPending}>
            {create.isPending ? "Starting…" : "Export"}
          </Button>
        ) : "reportId" in source ? (
          <a
            className={buttonClassName("primary")}
            href={directDownloadUrl(source.reportId, formatChoice.format, options, choice)}
            aria-disabled={problem ? true : undefined}
            onClick={(event) => {
              if (problem) event.preventDefault();
            }}
            download
          >
            Download
          </a>
        ) : null}
      </>
    );
  } else if (!job) {
    const lost = jobQuery.isError ? jobQuery.error : null;
    body = lost ? (
      <ErrorText error={lost} prefix="Could not check on the export" />
    ) : (
      <div className="export-status">
        <p className="export-status-text" role="status" tabIndex={-1} data-autofocus>
          Starting…
        </p>
        <ProgressBar percent={null} />
      </div>
    );
    actions = (
      <>
        {lost && canExport ? <Button onClick={backToForm}>Export again</Button> : null}
        <Button variant={lost ? "ghost" : "secondary"} onClick={close}>
          Close
        </Button>
      </>
    );
  } else {
    const auto = downloadedId === job.id;
    body = (
      <JobView
        job={job}
        autoDownloaded={auto}
        stale={jobQuery.isRefetchError}
        error={
          cancel.isError ? (
            <ErrorText error={cancel.error} prefix="Could not cancel the export" />
          ) : retry.isError ? (
            <ErrorText error={retry.error} prefix="Could not retry the export" />
          ) : null
        }
      />
    );
    actions = (
      <>
        {isActiveStatus(job.status) && canExport ? (
          <Button onClick={cancelExport} aria-disabled={canceling}>
            {canceling ? "Canceling…" : "Cancel export"}
          </Button>
        ) : null}
        {job.status === "succeeded" && job.downloadUrl ? (
          <a className={buttonClassName("secondary")} href={job.downloadUrl} download>
            {auto ? "Download again" : "Download"}
          </a>
        ) : null}
        {job.status === "failed" && canExport ? (
          <Button onClick={retryExport} aria-disabled={retry.isPending}>
            {retry.isPending ? "Retrying…" : "Retry"}
          </Button>
        ) : null}
        {(job.status === "canceled" || job.status === "expired" || job.status === "succeeded") && canExport ? (
          <Button variant={job.status === "succeeded" ? "ghost" : "secondary"} onClick={backToForm}>
            {job.status === "succeeded" ? "Export another" : "Export again"}
          </Button>
        ) : null}
        <Button variant="primary" onClick={close}>
          Close
        </Button>
      </>
    );
  }

  return (
    <dialog
      ref={dialogRef}
      className="modal"
      aria-modal="true"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onClick={onBackdropClick}
    >
      {open ? (
        <div className="modal-panel">
          <header className="modal-header">
            <div className="modal-heading">
              <h2 id={titleId} className="modal-title">
                Export report
              </h2>
              <p className="modal-subtitle">
                <span className="export-report-name">{reportName}</span>
                {range && view === "form" ? <span className="muted"> · {range}</span> : null}
              </p>
            </div>
            <button type="button" className="icon-btn modal-close" aria-label="Close dialog" onClick={close}>
              <span aria-hidden="true">×</span>
            </button>
          </header>
          <div className="modal-body">{body}</div>
          <footer className="modal-footer">{actions}</footer>
        </div>
      ) : null}
    </dialog>
  );
}

function directDownloadUrl(
  reportId: string,
  format: ExportFormat,
  options: ExportOptions | undefined,
  choice: ExportChoice,
): string {
  const params = new URLSearchParams({ format });
  if (options?.bom) params.set("bom", "1");
  if (options?.template) params.set("template", options.template);
  choiceParams(params, choice);
  return `/api/reports/${encodeURIComponent(reportId)}/export?${params.toString()}`;
}

function ErrorText(props: { error: Error; prefix: string }) {
  const issues = props.error instanceof ApiRequestError ? props.error.issues : [];
  return (
    <div className="form-error" role="alert">
      <p>
        {props.prefix}: {props.error.message}
      </p>
      {issues.length > 0 ? (
        <ul className="export-issues">
          {issues.map((issue, i) => (
            <li key={i}>
              {issue.path ? <code>{issue.path}</code> : null} {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function FormView(props: {
  id: string;
  format: ExportFormat;
  bom: boolean;
  template: PdfTemplate;
  onFormat: (format: ExportFormat) => void;
  onBom: (bom: boolean) => void;
  onTemplate: (template: PdfTemplate) => void;
  /** null: the option is not offered (below admin). */
  raw: boolean | null;
  onRaw: (raw: boolean) => void;
  onSubmit: (() => void) | undefined;
  /** The period and fields picker, when the report offers them. */
  choice: ReactNode;
  notices: ReactNode;
  error: ReactNode;
}) {
  const { id } = props;
  const choice = FORMAT_CHOICES.find((c) => c.format === props.format);
  return (
    <form
      id={`${id}-form`}
      className="export-form"
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit?.();
      }}
    >
      {props.notices}
      <fieldset className="builder-fieldset">
        <legend className="builder-legend">Format</legend>
        <div className="format-options">
          {FORMAT_CHOICES.map((c) => (
            <label key={c.format} className="format-option">
              <input
                type="radio"
                name={`${id}-format`}
                value={c.format}
                checked={c.format === props.format}
                onChange={() => props.onFormat(c.format)}
                aria-labelledby={`${id}-format-${c.format}-label`}
                aria-describedby={`${id}-format-${c.format}`}
                data-autofocus={c.format === props.format ? "" : undefined}
              />
              <span className="format-option-text">
                <span id={`${id}-format-${c.format}-label`} className="format-option-label">
                  {c.label}
                </span>
                <span id={`${id}-format-${c.format}`} className="format-option-description">
                  {c.description}
                </span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {choice?.options.includes("bom") ? (
        <label className="check-label">
          <input type="checkbox" checked={props.bom} onChange={(event) => props.onBom(event.target.checked)} />
          Add byte order mark for Excel
        </label>
      ) : null}
      {choice?.options.includes("template") ? (
        <fieldset className="builder-fieldset">
          <legend className="builder-legend">PDF template</legend>
          <div className="format-options">
            {TEMPLATE_CHOICES.map((t) => (
              <label key={t.template} className="format-option">
                <input
                  type="radio"
                  name={`${id}-template`}
                  value={t.template}
                  checked={t.template === props.template}
                  onChange={() => props.onTemplate(t.template)}
                  aria-labelledby={`${id}-template-${t.template}-label`}
                  aria-describedby={`${id}-template-${t.template}`}
                />
                <span className="format-option-text">
                  <span id={`${id}-template-${t.template}-label`} className="format-option-label">
                    {t.label}
                  </span>
                  <span id={`${id}-template-${t.template}`} className="format-option-description">
                    {t.description}
                  </span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      {props.choice}
      {props.raw !== null ? (
        <label className="check-label">
          <input type="checkbox" checked={props.raw} onChange={(event) => props.onRaw(event.target.checked)} />
          Raw values of sensitive fields (user and device ids, IP addresses); recorded in the audit log
        </label>
      ) : null}
      {props.error}
    </form>
  );
}

function JobView(props: { job: ExportJob; autoDownloaded: boolean; stale: boolean; error: ReactNode }) {
  const { job } = props;
  const locale = useLocale();
  const active = isActiveStatus(job.status);
  const status =
    job.status === "queued"
      ? "Queued…"
      : job.status === "running"
        ? "Running…"
        : job.status === "succeeded"
          ? doneText(job, locale)
          : job.status === "failed"
            ? "The export failed."
            : job.status === "canceled"
              ? "Export canceled."
              : "This export has expired: its file is no longer kept.";

  return (
    <div className="export-status">
      <p className={`export-status-text export-status-${job.status}`} role="status" tabIndex={-1} data-autofocus>
        {status}
      </p>
      {active ? (
        <>
          <ProgressBar percent={job.percent} />
          <p className="export-progress-text">{progressText(job, locale)}</p>
          <p className="muted">
            It will keep running — find it on the <Link href="/exports">Exports page</Link>.
          </p>
        </>
      ) : null}
      {job.status === "succeeded" ? (
        <p className="muted">
          {props.autoDownloaded ? "Your download has started." : "The file is ready."}
          {job.durationMs !== null ? ` Took ${formatDuration(job.durationMs, locale)}.` : null}
        </p>
      ) : null}
      {job.status === "failed" ? (
        <p className="form-error" role="alert">
          {job.errorMessage ?? "Something went wrong while making the file."}
        </p>
      ) : null}
      {props.stale && active ? (
        <p className="field-hint">Lost touch with the server for a moment — still checking.</p>
      ) : null}
      {props.error}
    </div>
  );
}
