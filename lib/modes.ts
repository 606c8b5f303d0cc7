import { z } from "zod";

/**
 * The instance's own environment variables (modes and mail transport), read and checked in
 * one place. Each reader parses on call, so tests and scripts can change the environment.
 */

type Env = Record<string, string | undefined>;

const onOff = z.enum(["on", "off"]);

/**
 * Demo mode generates the demo workspaces into an empty database and shows the demo
 * sign-in. On by default for the embedded SQLite database, off when `DATABASE_URL` names
 * PostgreSQL; `CHARTROOM_DEMO=on|off` decides explicitly.
 */
export function demoMode(env: Env = process.env): boolean {
  const explicit = env.CHARTROOM_DEMO?.trim().toLowerCase();
  if (explicit) {
    const parsed = onOff.safeParse(explicit);
    if (!parsed.success) throw new Error(`CHARTROOM_DEMO must be "on" or "off", not "${env.CHARTROOM_DEMO}".`);
    return parsed.data === "on";
  }
  return !/^postgres(ql)?:/i.test(env.DATABASE_URL ?? "");
}

export type SmtpTls = "starttls" | "tls" | "none";

export interface SmtpSettings {
  host: string;
  port: number;
  /** `tls`: TLS from the first byte (port 465); `starttls`: upgrade required; `none`: plain text (local relays only). */
  tls: SmtpTls;
  user: string | null;
  password: string | null;
}

export type MailSettings =
  | { transport: "resend"; apiKey: string }
  | { transport: "smtp"; smtp: SmtpSettings }
  /** `configured: false`: outside demo mode with no transport set, nothing leaves the instance. */
  | { transport: "outbox"; configured: boolean };

const transportName = z.enum(["resend", "smtp", "outbox"]);
const smtpSchema = z.object({
  host: z.string().trim().min(1, "CHARTROOM_SMTP_HOST is required for the smtp transport"),
  port: z.coerce.number().int().min(1).max(65_535).optional(),
  tls: z.enum(["starttls", "tls", "none"]).optional(),
  user: z.string().optional(),
  password: z.string().optional(),
});

/**
 * The one mail transport of the instance: `CHARTROOM_MAIL_TRANSPORT=resend|smtp|outbox`, or
 * when unset, Resend with `RESEND_API_KEY`, SMTP with `CHARTROOM_SMTP_HOST`, else the outbox.
 */
export function mailSettings(env: Env = process.env): MailSettings {
  const raw = env.CHARTROOM_MAIL_TRANSPORT?.trim().toLowerCase();
  let transport: z.infer<typeof transportName>;
  if (raw) {
    const parsed = transportName.safeParse(raw);
    if (!parsed.success) {
      throw new Error(
        `CHARTROOM_MAIL_TRANSPORT must be resend, smtp or outbox, not "${env.CHARTROOM_MAIL_TRANSPORT}".`,
      );
    }
    transport = parsed.data;
  } else {
    transport = env.RESEND_API_KEY ? "resend" : env.CHARTROOM_SMTP_HOST ? "smtp" : "outbox";
  }
  if (transport === "resend") {
    if (!env.RESEND_API_KEY) throw new Error("CHARTROOM_MAIL_TRANSPORT=resend needs RESEND_API_KEY.");
    return { transport, apiKey: env.RESEND_API_KEY };
  }
  if (transport === "smtp") {
    const parsed = smtpSchema.safeParse({
      host: env.CHARTROOM_SMTP_HOST ?? "",
      port: env.CHARTROOM_SMTP_PORT || undefined,
      tls: env.CHARTROOM_SMTP_TLS?.trim().toLowerCase() || undefined,
      user: env.CHARTROOM_SMTP_USER || undefined,
      password: env.CHARTROOM_SMTP_PASSWORD || undefined,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`SMTP settings: ${issue.path.join(".") || "host"}: ${issue.message}`);
    }
    const s = parsed.data;
    const tls: SmtpTls = s.tls ?? (s.port === 465 ? "tls" : "starttls");
    const port = s.port ?? (tls === "tls" ? 465 : 587);
    return { transport, smtp: { host: s.host, port, tls, user: s.user ?? null, password: s.password ?? null } };
  }
  return { transport: "outbox", configured: raw === "outbox" || demoMode(env) };
}

/** What the start log and the admin page say when mail cannot leave the instance; null when it can. */
export function mailWarning(env: Env = process.env): string | null {
  let settings: MailSettings;
  try {
    settings = mailSettings(env);
  } catch (error) {
    return `Mail cannot be sent: ${(error as Error).message}`;
  }
  if (settings.transport === "outbox" && !settings.configured) {
    return (
      "Mail cannot be sent: no mail transport is configured, so e-mails (invites, password resets, schedules) " +
      "stay in the built-in outbox. Set CHARTROOM_SMTP_HOST (SMTP) or RESEND_API_KEY (Resend)."
    );
  }
  return null;
}
