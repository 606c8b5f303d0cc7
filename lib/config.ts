import { z } from "zod";

// Every environment variable the server reads, validated in one place. Checked once when
// the server starts (register() in instrumentation.ts, not at import: `next build`
// evaluates route modules), so a wrong value stops the start with a message naming the
// variable; afterwards `config()` gives the typed values. The README's configuration
// table lists exactly these variables (lib/config.test.ts checks both ways).

const unset = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const text = () => z.preprocess(unset, z.string().trim().optional());
const int = (fallback: number, min: number) => z.preprocess(unset, z.coerce.number().int().min(min).default(fallback));
const number = (fallback: number, min: number) => z.preprocess(unset, z.coerce.number().min(min).default(fallback));
// Switches keep their old reading: only `off` turns an on-by-default switch off, and only
// 1/true/yes turn an off-by-default one on.
const onOff = () => z.preprocess(unset, z.string().trim().toLowerCase().optional());
const flag = () => z.preprocess(unset, z.string().trim().toLowerCase().optional());
const url = () => z.preprocess(unset, z.url({ protocol: /^https?$/ }).optional());

const schema = z.object({
  DATABASE_URL: text(),
  PORT: int(3000, 1),
  HOST: text(),
  NEXTAUTH_URL: url(),
  CHARTROOM_TRUSTED_PROXIES: text(),
  NEXTAUTH_SECRET: text(),
  CHARTROOM_DEMO: z.preprocess(
    unset,
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(["on", "off"]))
      .optional(),
  ),
  CHARTROOM_DEMO_EVENTS: z.preprocess(unset, z.coerce.number().int().min(0).optional()),
  CHARTROOM_REBUILD: flag(),
  CHARTROOM_WORKER: onOff(),
  CHARTROOM_WORKER_CONCURRENCY: int(2, 1),
  CHARTROOM_EXPORT_DIR: text(),
  CHARTROOM_EXPORT_RETENTION_DAYS: number(7, 0),
  CRON_SECRET: text(),
  CHARTROOM_SCHEDULER: onOff(),
  RESEND_API_KEY: text(),
  CHARTROOM_MAIL_TRANSPORT: z.preprocess(
    unset,
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(["resend", "smtp", "outbox"]))
      .optional(),
  ),
  CHARTROOM_SMTP_HOST: text(),
  CHARTROOM_SMTP_PORT: z.preprocess(unset, z.coerce.number().int().min(1).max(65_535).optional()),
  CHARTROOM_SMTP_TLS: z.preprocess(
    unset,
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(["starttls", "tls", "none"]))
      .optional(),
  ),
  CHARTROOM_SMTP_USER: text(),
  CHARTROOM_SMTP_PASSWORD: text(),
  RESEND_BASE_URL: url(),
  CHARTROOM_EMAIL_FROM: z.preprocess(unset, z.string().default("Chartroom <reports@chartroom.local>")),
  CHARTROOM_APP_URL: url(),
  CHARTROOM_EMAIL_ATTACHMENT_MAX_BYTES: int(10 * 1024 * 1024, 0),
  CHARTROOM_EMAIL_TIMEOUT_MS: int(15_000, 1),
  CHARTROOM_EMAIL_SEND_ATTEMPTS: int(3, 1),
  CHARTROOM_EMAIL_BACKOFF_MS: int(500, 0),
  CHARTROOM_SCHEDULE_RUN_ATTEMPTS: int(4, 1),
  CHARTROOM_SCHEDULE_RETRY_MS: int(60_000, 0),
  CHARTROOM_SCHEDULE_PAUSE_AFTER: int(3, 1),
  CHARTROOM_SCHEDULE_MAX_RECIPIENTS: int(50, 1),
  CHARTROOM_LOG: onOff(),
  CHARTROOM_WORKSPACE_CONCURRENCY: int(2, 1),
  CHARTROOM_S3_BUCKET: text(),
  CHARTROOM_S3_REGION: z.preprocess(unset, z.string().trim().default("us-east-1")),
  CHARTROOM_S3_ENDPOINT: url(),
  CHARTROOM_S3_FORCE_PATH_STYLE: flag(),
  AWS_ACCESS_KEY_ID: text(),
  AWS_SECRET_ACCESS_KEY: text(),
  CHARTROOM_ENCRYPTION_KEY: z.preprocess(
    unset,
    z
      .string()
      .trim()
      .refine((v) => /^[0-9a-f]{64}$/i.test(v) || Buffer.from(v, "base64").length === 32, {
        error: "must be 32 bytes, as 64 hex digits or base64",
      })
      .optional(),
  ),
  CHARTROOM_OUTBOUND_ALLOW_PRIVATE: flag(),
  CHARTROOM_OUTBOUND_TIMEOUT_MS: int(10_000, 1),
  CHARTROOM_RATE_EXPORTS_PER_USER: int(30, 1),
  CHARTROOM_RATE_EXPORTS_PER_WORKSPACE: int(120, 1),
  CHARTROOM_RATE_SENDS_PER_USER: int(20, 1),
  CHARTROOM_RATE_SENDS_PER_WORKSPACE: int(100, 1),
  CHARTROOM_RATE_SIGNIN_PER_EMAIL: int(10, 1),
  CHARTROOM_RATE_SIGNIN_PER_IP: int(100, 1),
  CHARTROOM_RATE_RESET_PER_EMAIL: int(5, 1),
  CHARTROOM_RATE_RESET_PER_IP: int(30, 1),
  VERCEL: text(),
});

/** The variables, by name: what the README table must list. */
export const CONFIG_VARIABLES = Object.keys(schema.shape) as (keyof typeof schema.shape)[];

export type Env = z.infer<typeof schema>;

const isTrue = (value: string | undefined) => value === "1" || value === "true" || value === "yes";

function shape(env: Env) {
  return {
    databaseUrl: env.DATABASE_URL,
    port: env.PORT,
    publicUrl: env.NEXTAUTH_URL,
    authSecret: env.NEXTAUTH_SECRET,
    demoEvents: env.CHARTROOM_DEMO_EVENTS,
    worker: { inProcess: env.CHARTROOM_WORKER !== "off", concurrency: env.CHARTROOM_WORKER_CONCURRENCY },
    scheduler: { inProcess: env.CHARTROOM_SCHEDULER !== "off" },
    exports: {
      dir: env.CHARTROOM_EXPORT_DIR,
      retentionMs: env.CHARTROOM_EXPORT_RETENTION_DAYS * 86_400_000,
      workspaceConcurrency: env.CHARTROOM_WORKSPACE_CONCURRENCY,
    },
    s3: env.CHARTROOM_S3_BUCKET
      ? {
          bucket: env.CHARTROOM_S3_BUCKET,
          region: env.CHARTROOM_S3_REGION,
          endpoint: env.CHARTROOM_S3_ENDPOINT,
          forcePathStyle: isTrue(env.CHARTROOM_S3_FORCE_PATH_STYLE),
          credentials:
            env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
              ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }
              : undefined,
        }
      : null,
    cronSecret: env.CRON_SECRET,
    encryptionKey: env.CHARTROOM_ENCRYPTION_KEY,
    outbound: {
      /** Webhooks and bucket endpoints may be on loopback, private and link-local addresses. */
      allowPrivate: isTrue(env.CHARTROOM_OUTBOUND_ALLOW_PRIVATE),
      timeoutMs: env.CHARTROOM_OUTBOUND_TIMEOUT_MS,
    },
    email: {
      resendApiKey: env.RESEND_API_KEY,
      from: env.CHARTROOM_EMAIL_FROM,
      appUrl: env.CHARTROOM_APP_URL,
      timeoutMs: env.CHARTROOM_EMAIL_TIMEOUT_MS,
    },
    runs: {
      /** Tries per recipient within one run attempt. */
      sendAttempts: env.CHARTROOM_EMAIL_SEND_ATTEMPTS,
      /** First wait between those tries; doubles, with jitter. */
      sendBackoffMs: env.CHARTROOM_EMAIL_BACKOFF_MS,
      /** Run attempts before a run is failed for good. */
      runAttempts: env.CHARTROOM_SCHEDULE_RUN_ATTEMPTS,
      /** Wait before a run's second attempt; doubles, with jitter. */
      runRetryMs: env.CHARTROOM_SCHEDULE_RETRY_MS,
      /** Failed runs in a row that pause a schedule. */
      pauseAfter: env.CHARTROOM_SCHEDULE_PAUSE_AFTER,
      /** Above this many bytes in total, files go out as signed links. */
      attachmentMaxBytes: env.CHARTROOM_EMAIL_ATTACHMENT_MAX_BYTES,
      maxRecipients: env.CHARTROOM_SCHEDULE_MAX_RECIPIENTS,
    },
    log: env.CHARTROOM_LOG !== "off",
    rateLimits: {
      exportsPerUser: env.CHARTROOM_RATE_EXPORTS_PER_USER,
      exportsPerWorkspace: env.CHARTROOM_RATE_EXPORTS_PER_WORKSPACE,
      sendsPerUser: env.CHARTROOM_RATE_SENDS_PER_USER,
      sendsPerWorkspace: env.CHARTROOM_RATE_SENDS_PER_WORKSPACE,
      signInPerEmail: env.CHARTROOM_RATE_SIGNIN_PER_EMAIL,
      signInPerIp: env.CHARTROOM_RATE_SIGNIN_PER_IP,
      resetPerEmail: env.CHARTROOM_RATE_RESET_PER_EMAIL,
      resetPerIp: env.CHARTROOM_RATE_RESET_PER_IP,
    },
    onVercel: env.VERCEL === "1",
  };
}

export type Config = ReturnType<typeof shape>;

/** A variable with a value the server cannot use; the message names it. */
export class ConfigError extends Error {
  constructor(
    readonly variables: string[],
    message: string,
  ) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Reads and validates `env`; throws a ConfigError naming every variable at fault. */
export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (parsed.success) return shape(parsed.data);
  const problems = parsed.error.issues.map((issue) => ({ name: String(issue.path[0]), message: issue.message }));
  const lines = problems.map((p) => `${p.name}=${JSON.stringify(env[p.name] ?? "")}: ${p.message}`);
  throw new ConfigError(
    problems.map((p) => p.name),
    `Invalid configuration (see the Configuration table in README.md):\n  ${lines.join("\n  ")}`,
  );
}

let cached: { key: string; config: Config } | undefined;

/**
 * The configuration from process.env. Read again when a variable changes (tests and
 * tools set them while the process runs); otherwise served from the last read.
 */
export function config(): Config {
  const key = CONFIG_VARIABLES.map((name) => process.env[name] ?? "\u0000").join("\u0001");
  if (cached?.key !== key) cached = { key, config: readConfig(process.env) };
  return cached.config;
}
