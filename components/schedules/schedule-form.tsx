"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import {
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type FormEvent,
  type ReactNode,
} from "react";
import { ApiRequestError } from "@/components/hooks/queries";
import { useReports } from "@/components/hooks/report-queries";
import {
  DEFAULT_SUBJECT_TEMPLATE,
  SCHEDULE_FORMATS,
  useCreateSchedule,
  useSchedulePreview,
  useUpdateSchedule,
  type DeliveryMode,
  type NewSecrets,
  type Schedule,
  type SchedulePayload,
  type ScheduleFormat,
} from "@/components/hooks/schedule-queries";
import { useDebouncedValue } from "@/components/reports/use-debounced-value";
import { Button, buttonClassName } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { cronToPreset, presetToCron, WEEKDAYS, type PresetKind } from "@/lib/schedules/presets";
import {
  DestinationsFields,
  draftErrors,
  draftsOf,
  NewSecretsPanel,
  payloadOf,
  TestButton,
  type DestinationDraft,
} from "./destinations-fields";
import { RENAMED_ZONES } from "@/lib/time/zone-names";
import { FORMAT_LABELS } from "./schedule-format";
import styles from "./schedules.module.css";
import { ZonedTime } from "./zoned-time";

const PREVIEW_DEBOUNCE_MS = 400;
const PREVIEW_COUNT = 5;

type Frequency = PresetKind | "custom";

const FREQUENCIES: readonly { value: Frequency; label: string }[] = [
  { value: "daily", label: "Every day" },
  { value: "weekdays", label: "Every weekday (Monday to Friday)" },
  { value: "weekly", label: "Every week" },
  { value: "monthly", label: "Every month" },
  { value: "first_day", label: "First day of the month" },
  { value: "last_day", label: "Last day of the month" },
  { value: "custom", label: "Custom cron" },
];

const FORMAT_HINTS: Record<ScheduleFormat, string> = {
  pdf: "branded report with charts",
  csv: "plain text for spreadsheets",
  xlsx: "Excel workbook",
  json: "for scripts",
  parquet: "typed columns for warehouses",
};

/** Good enough to catch typos before sending; the server decides what it delivers to. */
const EMAIL = /^[^\s@,;<>]+@[^\s@,;<>]+\.[^\s@,;<>]+$/;

interface FormState {
  name: string;
  reportId: string;
  frequency: Frequency;
  time: string;
  weekday: number;
  dayOfMonth: number;
  customCron: string;
  timezone: string;
  formats: ScheduleFormat[];
  delivery: DeliveryMode;
  recipientsText: string;
  subjectTemplate: string;
  skipIfEmpty: boolean;
  active: boolean;
  destinations: DestinationDraft[];
}

/** Field name (as the API's `param` names it, minus any index) → message. */
type FieldErrors = Partial<Record<string, string>>;

function initialState(schedule: Schedule | null, workspaceTimezone: string): FormState {
  const preset = schedule ? cronToPreset(schedule.cron) : { kind: "weekdays" as const, time: "09:00" };
  return {
    name: schedule?.name ?? "",
    reportId: schedule?.reportId ?? "",
    frequency: preset ? preset.kind : "custom",
    time: preset?.time ?? "09:00",
    weekday: preset?.weekday ?? 1,
    dayOfMonth: preset?.dayOfMonth ?? 1,
    customCron: schedule?.cron ?? "0 9 * * 1-5",
    timezone: schedule?.timezone ?? workspaceTimezone,
    formats: schedule?.formats ?? ["pdf"],
    delivery: schedule?.delivery ?? "attachment",
    recipientsText: schedule?.recipients.join("\n") ?? "",
    subjectTemplate: schedule?.subjectTemplate ?? DEFAULT_SUBJECT_TEMPLATE,
    skipIfEmpty: schedule?.skipIfEmpty ?? false,
    active: schedule?.active ?? true,
    destinations: draftsOf(schedule?.destinations ?? []),
  };
}

/** The cron expression the form describes, or null while the time is not a valid HH:MM. */
function cronOf(state: FormState): string | null {
  if (state.frequency === "custom") return state.customCron.trim() || null;
  try {
    return presetToCron({
      kind: state.frequency,
      time: state.time,
      weekday: state.weekday,
      dayOfMonth: state.dayOfMonth,
    });
  } catch {
    return null;
  }
}

/** One address per line or separated by commas/semicolons; the order is what `recipients.N` refers to. */
export function parseRecipients(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((r) => r.trim())
    .filter(Boolean);
}

function validate(state: FormState, cron: string | null): FieldErrors {
  const errors: FieldErrors = {};
  if (!state.name.trim()) errors.name = "Give the schedule a name.";
  if (!state.reportId) errors.reportId = "Choose the report to send.";
  if (!cron) errors.cron = state.frequency === "custom" ? "Enter a cron expression." : "Enter a time as HH:MM.";
  if (state.formats.length === 0) errors.formats = "Choose at least one format.";
  const recipients = parseRecipients(state.recipientsText);
  const invalid = recipients.filter((r) => !EMAIL.test(r));
  if (recipients.length === 0 && state.destinations.length === 0)
    errors.recipients = "Add at least one recipient, or a bucket or webhook below.";
  else if (invalid.length > 0) {
    errors.recipients = `${invalid.length === 1 ? "This is not" : "These are not"} an e-mail address: ${invalid.join(", ")}`;
  }
  return { ...errors, ...draftErrors(state.destinations) };
}

const KNOWN_FIELDS = new Set([
  "name",
  "reportId",
  "cron",
  "timezone",
  "formats",
  "delivery",
  "recipients",
  "subjectTemplate",
  "skipIfEmpty",
  "active",
  "destinations",
]);

/**
 * Server errors by field. The API names the first problem in `param` and lists every one
 * in `issues` (`recipients.1` → recipients); each field shows all of its own.
 */
function serverFieldErrors(error: ApiRequestError, recipients: string[]): FieldErrors | null {
  const issues =
    error.issues.length > 0 ? error.issues : error.param ? [{ path: error.param, message: error.message }] : [];
  const found: Record<string, string[]> = {};
  for (const issue of issues) {
    const [field, index] = issue.path.split(".");
    if (!KNOWN_FIELDS.has(field)) return null;
    const address = field === "recipients" && index !== undefined ? recipients[Number(index)] : undefined;
    // Without issues the message is the envelope's; name the address it is about if it does not.
    const message = address && !issue.message.includes(address) ? `${address}: ${issue.message}` : issue.message;
    // A destination's problems stay with that destination and field.
    (found[field === "destinations" ? issue.path : field] ??= []).push(message);
  }
  if (issues.length === 0) return null;
  return Object.fromEntries(Object.entries(found).map(([field, messages]) => [field, messages.join(" ")]));
}

/** The message about one field, without the envelope's "`field`: " prefix; undefined when it is fine. */
function fieldMessage(error: ApiRequestError, field: string): string | undefined {
  const issue = error.issues.find((i) => i.path === field);
  if (issue) return issue.message;
  return error.param === field ? error.message : undefined;
}

let browserZones: string[] | null = null;
const NO_ZONES: string[] = [];
const unchanging = () => () => undefined;

function readBrowserZones(): string[] {
  // The browser may list renamed zones under their old names (Asia/Calcutta): show the current ones.
  browserZones ??= [...new Set(Intl.supportedValuesOf("timeZone").map((zone) => RENAMED_ZONES[zone] ?? zone))].sort();
  return browserZones;
}

/** Time zones this browser knows; none on the server and while hydrating, so both render the same list. */
function useTimeZones(current: string): string[] {
  const zones = useSyncExternalStore(unchanging, readBrowserZones, () => NO_ZONES);
  return useMemo(() => {
    const all = zones.includes("UTC") ? zones : ["UTC", ...zones];
    return all.includes(current) ? all : [current, ...all];
  }, [zones, current]);
}

export function ScheduleForm(props: { schedule: Schedule | null; workspaceTimezone: string; canManage: boolean }) {
  const id = useId();
  const router = useRouter();
  const [state, setState] = useState(() => initialState(props.schedule, props.workspaceTimezone));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<{ secrets: NewSecrets; schedule: Schedule } | null>(null);
  /** Bumped when a submit finds problems: focus then moves to the first field with a message. */
  const [errorsShown, setErrorsShown] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const reports = useReports("");
  const create = useCreateSchedule();
  const update = useUpdateSchedule();
  const saving = create.isPending || update.isPending;
  const zones = useTimeZones(state.timezone);

  const cron = cronOf(state);
  // A stable object: the debounce restarts whenever its input changes identity.
  const liveInput = useMemo(() => (cron ? { cron, timezone: state.timezone } : null), [cron, state.timezone]);
  const previewInput = useDebouncedValue(liveInput, PREVIEW_DEBOUNCE_MS);
  const preview = useSchedulePreview(previewInput, PREVIEW_COUNT);
  const previewError = preview.error instanceof ApiRequestError ? preview.error : null;

  useEffect(() => {
    if (errorsShown > 0 && formRef.current) focusFirstError(formRef.current);
  }, [errorsShown]);

  function set<K extends keyof FormState>(key: K, value: FormState[K]) {
    setState((s) => ({ ...s, [key]: value }));
    // The field changed: its old message (client or server) no longer describes it.
    const field =
      key === "frequency" || key === "time" || key === "weekday" || key === "dayOfMonth" || key === "customCron"
        ? "cron"
        : key === "recipientsText"
          ? "recipients"
          : key;
    setErrors((e) => (e[field] ? { ...e, [field]: undefined } : e));
  }

  function toggleFormat(format: ScheduleFormat, on: boolean) {
    set(
      "formats",
      SCHEDULE_FORMATS.filter((f) => (f === format ? on : state.formats.includes(f))),
    );
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (saving || !props.canManage) return;
    setFormError(null);
    const found = validate(state, cron);
    if (Object.keys(found).length > 0 || !cron) {
      setErrors(found);
      setErrorsShown((n) => n + 1);
      return;
    }
    const recipients = parseRecipients(state.recipientsText);
    const payload: SchedulePayload = {
      name: state.name.trim(),
      reportId: state.reportId,
      cron,
      timezone: state.timezone,
      formats: state.formats,
      delivery: state.delivery,
      recipients,
      subjectTemplate: state.subjectTemplate.trim() || DEFAULT_SUBJECT_TEMPLATE,
      skipIfEmpty: state.skipIfEmpty,
      active: state.active,
      destinations: payloadOf(state.destinations),
    };
    const options = {
      // New webhook secrets are shown before leaving: this is the only time they are.
      onSuccess: (data: { schedule: Schedule; secrets?: NewSecrets }) =>
        data.secrets?.length ? setSaved({ secrets: data.secrets, schedule: data.schedule }) : router.push("/schedules"),
      onError: (error: Error) => {
        const fields = error instanceof ApiRequestError ? serverFieldErrors(error, recipients) : null;
        if (fields) {
          setErrors(fields);
          setErrorsShown((n) => n + 1);
        } else {
          setFormError(error.message);
        }
      },
    };
    if (props.schedule) update.mutate({ id: props.schedule.id, changes: payload }, options);
    else create.mutate(payload, options);
  }

  const cronError = errors.cron ?? (previewError ? fieldMessage(previewError, "cron") : undefined);
  const timezoneError = errors.timezone ?? (previewError ? fieldMessage(previewError, "timezone") : undefined);
  const recipientCount = parseRecipients(state.recipientsText).length;
  const title = !props.schedule
    ? "New schedule"
    : props.canManage
      ? `Edit “${props.schedule.name}”`
      : props.schedule.name;

  return (
    <div className={styles.formPage}>
      <header className="page-header">
        <div className="page-heading">
          <p className="breadcrumb">
            <Link href="/schedules">Schedules</Link> /
          </p>
          <h1 className="page-title">{title}</h1>
          <p className="page-subtitle">
            Runs a report on a schedule and delivers the files by e-mail, to a bucket or to a webhook.
          </p>
        </div>
      </header>

      {saved ? (
        <NewSecretsPanel
          secrets={saved.secrets}
          destinations={saved.schedule.destinations}
          onDone={() => router.push("/schedules")}
        />
      ) : null}

      {!props.canManage ? (
        <p className={cx("notice notice-info", styles.formNotice)}>
          You have view access: only workspace admins can change schedules.
        </p>
      ) : null}

      <div className={styles.formLayout}>
        <Card>
          <form id={`${id}-form`} ref={formRef} className={styles.form} onSubmit={onSubmit} noValidate>
            <fieldset className={styles.formFieldset} disabled={!props.canManage}>
              <Field id={`${id}-name`} label="Name" error={errors.name}>
                <Input
                  id={`${id}-name`}
                  value={state.name}
                  maxLength={120}
                  onChange={(e) => set("name", e.target.value)}
                  aria-invalid={errors.name ? true : undefined}
                  aria-describedby={errors.name ? `${id}-name-error` : undefined}
                />
              </Field>

              <Field id={`${id}-report`} label="Report" error={errors.reportId}>
                {reports.isPending ? (
                  <Skeleton height={36} />
                ) : (
                  <Select
                    id={`${id}-report`}
                    value={state.reportId}
                    onChange={(e) => set("reportId", e.target.value)}
                    aria-invalid={errors.reportId ? true : undefined}
                    aria-describedby={errors.reportId ? `${id}-report-error` : undefined}
                  >
                    <option value="">Choose a report…</option>
                    {props.schedule && !reports.data?.some((r) => r.id === props.schedule?.reportId) ? (
                      <option value={props.schedule.reportId}>{props.schedule.reportName}</option>
                    ) : null}
                    {reports.data?.map((report) => (
                      <option key={report.id} value={report.id}>
                        {report.name}
                      </option>
                    ))}
                  </Select>
                )}
                {reports.isError ? (
                  <p className="field-error">Could not load reports: {reports.error.message}</p>
                ) : null}
              </Field>

              <fieldset className={cx("builder-fieldset", styles.group)}>
                <legend className="builder-legend">When</legend>
                <div className={styles.row}>
                  <Field id={`${id}-frequency`} label="Frequency">
                    <Select
                      id={`${id}-frequency`}
                      value={state.frequency}
                      onChange={(e) => {
                        const next = FREQUENCIES.find((f) => f.value === e.target.value)?.value ?? "daily";
                        // Switching to custom starts from what the presets said, so nothing is lost.
                        if (next === "custom" && cron) set("customCron", cron);
                        set("frequency", next);
                      }}
                    >
                      {FREQUENCIES.map((f) => (
                        <option key={f.value} value={f.value}>
                          {f.label}
                        </option>
                      ))}
                    </Select>
                  </Field>
                  {state.frequency === "weekly" ? (
                    <Field id={`${id}-weekday`} label="Day of the week">
                      <Select
                        id={`${id}-weekday`}
                        value={state.weekday}
                        onChange={(e) => set("weekday", Number(e.target.value))}
                      >
                        {WEEKDAYS.map((day, i) => (
                          <option key={day} value={i}>
                            {day}
                          </option>
                        ))}
                      </Select>
                    </Field>
                  ) : null}
                  {state.frequency === "monthly" ? (
                    <Field id={`${id}-dom`} label="Day of the month">
                      <Select
                        id={`${id}-dom`}
                        value={state.dayOfMonth}
                        onChange={(e) => set("dayOfMonth", Number(e.target.value))}
                      >
                        {Array.from({ length: 28 }, (_, i) => i + 1).map((day) => (
                          <option key={day} value={day}>
                            {day}
                          </option>
                        ))}
                      </Select>
                    </Field>
                  ) : null}
                  {state.frequency !== "custom" ? (
                    <Field id={`${id}-time`} label="Time">
                      <Input
                        id={`${id}-time`}
                        type="time"
                        value={state.time}
                        onChange={(e) => set("time", e.target.value)}
                        aria-invalid={cronError ? true : undefined}
                        aria-describedby={cronError ? `${id}-cron-error` : undefined}
                      />
                    </Field>
                  ) : null}
                </div>
                {state.frequency === "custom" ? (
                  <Field id={`${id}-cron`} label="Cron expression">
                    <Input
                      id={`${id}-cron`}
                      className={styles.mono}
                      value={state.customCron}
                      spellCheck={false}
                      onChange={(e) => set("customCron", e.target.value)}
                      aria-invalid={cronError ? true : undefined}
                      aria-describedby={`${id}-cron-hint${cronError ? ` ${id}-cron-error` : ""}`}
                    />
                    <p id={`${id}-cron-hint`} className="muted">
                      Five fields: minute, hour, day of month, month, day of week. For example <code>30 8 * * 1</code>.
                    </p>
                  </Field>
                ) : null}
                {cronError ? (
                  <p id={`${id}-cron-error`} className="field-error" data-field-error="">
                    {cronError}
                  </p>
                ) : null}
                {state.frequency !== "custom" ? (
                  <p className="muted">
                    Cron: <code className={styles.mono}>{cron ?? "—"}</code>
                  </p>
                ) : null}

                <Field id={`${id}-timezone`} label="Timezone" error={timezoneError}>
                  <Select
                    id={`${id}-timezone`}
                    value={state.timezone}
                    onChange={(e) => set("timezone", e.target.value)}
                    aria-invalid={timezoneError ? true : undefined}
                    aria-describedby={timezoneError ? `${id}-timezone-error` : undefined}
                  >
                    {zones.map((zone) => (
                      <option key={zone} value={zone}>
                        {zone === props.workspaceTimezone ? `${zone} (workspace)` : zone}
                      </option>
                    ))}
                  </Select>
                </Field>
              </fieldset>

              <fieldset
                className={cx("builder-fieldset", styles.group)}
                aria-describedby={errors.formats ? `${id}-formats-error` : undefined}
              >
                <legend className="builder-legend">Formats</legend>
                <div className="check-list check-list-inline">
                  {SCHEDULE_FORMATS.map((format) => (
                    <label key={format} className="check-label">
                      <input
                        type="checkbox"
                        checked={state.formats.includes(format)}
                        onChange={(e) => toggleFormat(format, e.target.checked)}
                        aria-describedby={`${id}-format-${format}`}
                      />
                      {FORMAT_LABELS[format]}
                      <span id={`${id}-format-${format}`} className="muted" aria-hidden="true">
                        {FORMAT_HINTS[format]}
                      </span>
                    </label>
                  ))}
                </div>
                {errors.formats ? (
                  <p id={`${id}-formats-error`} className="field-error" data-field-error="">
                    {errors.formats}
                  </p>
                ) : null}
              </fieldset>

              <fieldset className={cx("builder-fieldset", styles.group)}>
                <legend className="builder-legend">Delivery</legend>
                <div className="check-list check-list-inline">
                  <label className="check-label">
                    <input
                      type="radio"
                      name={`${id}-delivery`}
                      checked={state.delivery === "attachment"}
                      onChange={() => set("delivery", "attachment")}
                    />
                    Attach the files
                  </label>
                  <label className="check-label">
                    <input
                      type="radio"
                      name={`${id}-delivery`}
                      checked={state.delivery === "link"}
                      onChange={() => set("delivery", "link")}
                    />
                    Send download links
                  </label>
                </div>
                {errors.delivery ? (
                  <p className="field-error" data-field-error="">
                    {errors.delivery}
                  </p>
                ) : null}
              </fieldset>

              <Field id={`${id}-recipients`} label="Recipients" error={errors.recipients}>
                <textarea
                  id={`${id}-recipients`}
                  className="input textarea"
                  rows={3}
                  value={state.recipientsText}
                  spellCheck={false}
                  autoComplete="off"
                  onChange={(e) => set("recipientsText", e.target.value)}
                  aria-invalid={errors.recipients ? true : undefined}
                  aria-describedby={`${id}-recipients-hint${errors.recipients ? ` ${id}-recipients-error` : ""}`}
                />
                <p id={`${id}-recipients-hint`} className="muted">
                  E-mail addresses, one per line or separated by commas.
                  {recipientCount > 0 ? ` ${recipientCount} ${recipientCount === 1 ? "recipient" : "recipients"}.` : ""}
                </p>
                {props.schedule && props.schedule.recipients.length > 0 ? (
                  <TestButton scheduleId={props.schedule.id} target="email" label="Send test e-mail" />
                ) : null}
              </Field>

              <Field id={`${id}-subject`} label="Subject" error={errors.subjectTemplate}>
                <Input
                  id={`${id}-subject`}
                  value={state.subjectTemplate}
                  maxLength={200}
                  onChange={(e) => set("subjectTemplate", e.target.value)}
                  aria-invalid={errors.subjectTemplate ? true : undefined}
                  aria-describedby={`${id}-subject-hint${errors.subjectTemplate ? ` ${id}-subject-error` : ""}`}
                />
                <p id={`${id}-subject-hint`} className="muted">
                  <code>{"{{report}}"}</code> is the report’s name, <code>{"{{date}}"}</code> the day of the run.
                </p>
              </Field>

              <DestinationsFields
                idPrefix={id}
                drafts={state.destinations}
                onChange={(destinations) => {
                  setState((s) => ({ ...s, destinations }));
                  setErrors((e) =>
                    Object.fromEntries(Object.entries(e).filter(([field]) => !field.startsWith("destinations."))),
                  );
                }}
                errors={errors}
                scheduleId={props.schedule?.id ?? null}
              />

              <div className={styles.checks}>
                <label className="check-label">
                  <input
                    type="checkbox"
                    checked={state.skipIfEmpty}
                    onChange={(e) => set("skipIfEmpty", e.target.checked)}
                  />
                  Skip when the report is empty
                </label>
                <label className="check-label">
                  <input type="checkbox" checked={state.active} onChange={(e) => set("active", e.target.checked)} />
                  Active
                </label>
              </div>
            </fieldset>

            {formError ? (
              <p className="form-error" role="alert">
                Could not save the schedule: {formError}
              </p>
            ) : null}

            <div className={styles.formActions}>
              <Link className={buttonClassName("ghost")} href="/schedules">
                {props.canManage ? "Cancel" : "Back to schedules"}
              </Link>
              {props.canManage ? (
                <Button variant="primary" type="submit" aria-disabled={saving}>
                  {saving ? "Saving…" : props.schedule ? "Save changes" : "Create schedule"}
                </Button>
              ) : null}
            </div>
          </form>
        </Card>

        <Card className={styles.previewCard} aria-labelledby={`${id}-preview-title`}>
          <h2 id={`${id}-preview-title`} className="card-title">
            Next runs
          </h2>
          <SchedulePreviewBody
            timezone={previewInput?.timezone ?? state.timezone}
            loading={cron !== null && (preview.isPending || preview.isFetching)}
            stale={preview.isPlaceholderData}
            description={preview.data?.description ?? null}
            nextRuns={preview.isError ? null : (preview.data?.nextRuns ?? null)}
            error={
              previewError
                ? previewError.issues.map((i) => i.message).join(" ") || previewError.message
                : (preview.error?.message ?? null)
            }
            incomplete={cron === null}
          />
        </Card>
      </div>
    </div>
  );
}

function SchedulePreviewBody(props: {
  timezone: string;
  loading: boolean;
  stale: boolean;
  description: string | null;
  nextRuns: string[] | null;
  error: string | null;
  incomplete: boolean;
}) {
  if (props.incomplete) return <p className="muted">Complete the time or the cron expression to see when it runs.</p>;
  if (props.error) {
    return (
      <p className="field-error" role="status">
        {props.error}
      </p>
    );
  }
  if (!props.nextRuns) {
    return (
      <div aria-busy="true">
        <span className="sr-only" role="status">
          Working out the next runs…
        </span>
        {Array.from({ length: PREVIEW_COUNT }, (_, i) => (
          <Skeleton key={i} height={16} className={styles.previewSkeleton} />
        ))}
      </div>
    );
  }
  return (
    <div className={cx(props.stale && styles.stale)}>
      {props.description ? (
        <p className={styles.description} data-testid="schedule-description">
          {props.description}
        </p>
      ) : null}
      {props.nextRuns.length === 0 ? (
        <p className="muted">This schedule never runs.</p>
      ) : (
        <ol className={styles.nextRuns} aria-label="Next run times">
          {props.nextRuns.map((iso) => (
            <li key={iso}>
              <ZonedTime iso={iso} timeZone={props.timezone} />
            </li>
          ))}
        </ol>
      )}
      <p className="updating" aria-live="polite">
        {props.loading && props.stale ? "Updating…" : null}
      </p>
    </div>
  );
}

function Field(props: { id: string; label: string; error?: string; children: ReactNode }) {
  return (
    <div className={cx("field", styles.field)}>
      <label className="label" htmlFor={props.id}>
        {props.label}
      </label>
      {props.children}
      {props.error ? (
        <p id={`${props.id}-error`} className="field-error" data-field-error="">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** Moves focus to the first field with a message, so keyboard and screen reader users land on it. */
function focusFirstError(form: HTMLFormElement) {
  const invalid = form.querySelector<HTMLElement>("[aria-invalid='true'], [data-field-error]");
  if (!invalid) return;
  const target = invalid.matches("[data-field-error]")
    ? (invalid.closest("fieldset, .field")?.querySelector<HTMLElement>("input, select, textarea") ?? invalid)
    : invalid;
  target.focus();
}
