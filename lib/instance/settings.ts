import "server-only";
import { z } from "zod";
import { db } from "../db";
import { recordInstanceAudit } from "./audit";
import { canonicalDomain } from "./sign-up-domains";

/**
 * Who may create an account on this instance.
 * - `invitation`: only by accepting an invitation. Join codes still add *existing* accounts to a
 *   workspace, but never create one.
 * - `invitation_or_code`: also by signing up with a workspace's current join code (the account
 *   joins that workspace once its address is verified).
 * - `open`: anyone may sign up, with or without a join code; `signUpDomains`, when not empty,
 *   limits it to addresses of those domains (an invitation or a join code does not need one).
 */
export const SIGN_UP_MODES = ["invitation", "invitation_or_code", "open"] as const;
export type SignUpMode = (typeof SIGN_UP_MODES)[number];

/** Who may create a workspace: any signed-in account with a verified address, or instance admins only. */
export const WORKSPACE_CREATORS = ["verified_users", "instance_admins"] as const;
export type WorkspaceCreators = (typeof WORKSPACE_CREATORS)[number];

export const instanceSettingsSchema = z.object({
  signUpMode: z.enum(SIGN_UP_MODES),
  signUpDomains: z
    .array(z.string())
    .describe("Open sign-up only: the allowed e-mail domains (ASCII form); empty allows any."),
  workspaceCreators: z.enum(WORKSPACE_CREATORS),
});
export type InstanceSettings = z.infer<typeof instanceSettingsSchema>;

export const DEFAULT_INSTANCE_SETTINGS: InstanceSettings = {
  signUpMode: "invitation",
  signUpDomains: [],
  workspaceCreators: "verified_users",
};

export const instanceSettingsBody = z
  .object({
    signUpMode: z.enum(SIGN_UP_MODES).optional(),
    signUpDomains: z
      .array(
        z
          .string()
          .max(253)
          .transform((d, ctx) => {
            const domain = canonicalDomain(d);
            if (!domain) ctx.addIssue({ code: "custom", message: `"${d}" is not a domain such as example.com.` });
            return domain ?? "";
          }),
      )
      .max(100)
      .optional(),
    workspaceCreators: z.enum(WORKSPACE_CREATORS).optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { error: "Nothing to change." });

// Kept in app_settings like the instance's other settings: one row, one JSON document.
const KEY = "instance.access";

/** The instance's sign-up and workspace-creation settings (the defaults until an admin changes them). */
export async function instanceSettings(): Promise<InstanceSettings> {
  const row = await db.appSetting.findUnique({ where: { key: KEY } });
  if (!row) return DEFAULT_INSTANCE_SETTINGS;
  let stored: unknown = null;
  try {
    stored = JSON.parse(row.value);
  } catch {
    // A damaged row falls back to the safe defaults rather than opening sign-up.
  }
  const parsed = instanceSettingsSchema.partial().safeParse(stored);
  return { ...DEFAULT_INSTANCE_SETTINGS, ...(parsed.success ? parsed.data : {}) };
}

/** An instance admin changes them; every change lands in the instance audit trail with before and after. */
export async function updateInstanceSettings(
  actor: { email: string },
  raw: z.input<typeof instanceSettingsBody>,
  ip: string | null,
): Promise<InstanceSettings> {
  const input = instanceSettingsBody.parse(raw);
  const before = await instanceSettings();
  const after: InstanceSettings = {
    signUpMode: input.signUpMode ?? before.signUpMode,
    signUpDomains: input.signUpDomains ? [...new Set(input.signUpDomains)].sort() : before.signUpDomains,
    workspaceCreators: input.workspaceCreators ?? before.workspaceCreators,
  };
  const changed = (Object.keys(after) as (keyof InstanceSettings)[]).filter(
    (k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]),
  );
  if (changed.length === 0) return before;
  const value = JSON.stringify(after);
  await db.appSetting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
  await recordInstanceAudit({
    actor: actor.email,
    action: "instance.settings_changed",
    entity: "instance:access",
    ip,
    details: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }])),
  });
  return after;
}
