import { randomBytes } from "node:crypto";
import { join } from "node:path";
import Database from "better-sqlite3";

/** Read-only view of the e2e server's database, to check what the UI shows against it. */
export function e2eDatabase() {
  return new Database(join(process.cwd(), process.env.E2E_DATA_DIR ?? ".data/e2e", "chartroom.db"), {
    readonly: true,
  });
}

export function userIdByEmail(email: string): string {
  const db = e2eDatabase();
  try {
    return (db.prepare("SELECT id FROM users WHERE email = ?").get(email) as { id: string }).id;
  } finally {
    db.close();
  }
}

/** A new workspace whose only member is `email`, as owner; its id starts with `prefix`, for cleaning up. */
export function workspaceOwnedBy(email: string, prefix: string): string {
  const db = new Database(join(process.cwd(), process.env.E2E_DATA_DIR ?? ".data/e2e", "chartroom.db"));
  try {
    const id = `${prefix}${randomBytes(6).toString("hex")}`;
    const owner = db.prepare("SELECT id FROM users WHERE email = ?").get(email) as { id: string };
    const now = Date.now();
    db.prepare(
      "INSERT INTO workspaces (id, name, slug, timezone, locale, brand_color, templates_version, allowed_email_domains, created_at) VALUES (?, ?, ?, 'UTC', 'en-US', '#2563eb', 0, '', ?)",
    ).run(id, id, id, now);
    db.prepare(
      "INSERT INTO memberships (id, user_id, workspace_id, role, created_at) VALUES (?, ?, ?, 'owner', ?)",
    ).run(`m${id}`, owner.id, id, now);
    return id;
  } finally {
    db.close();
  }
}

export function workspaceBySlug(slug: string): { id: string; timezone: string } {
  const db = e2eDatabase();
  try {
    return db.prepare("SELECT id, timezone FROM workspaces WHERE slug = ?").get(slug) as {
      id: string;
      timezone: string;
    };
  } finally {
    db.close();
  }
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Local calendar date of an instant, by Intl (independent of the app's own zone code). */
export function localDay(timeZone: string, ms: number): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormats.set(timeZone, format);
  }
  return format.format(new Date(ms));
}

/** The id of a workspace's copy of a built-in report template ("usage_summary", …). */
export function reportIdByTemplate(slug: string, templateKey: string): string {
  const db = e2eDatabase();
  try {
    const row = db
      .prepare(
        "SELECT r.id FROM reports r JOIN workspaces w ON w.id = r.workspace_id WHERE w.slug = ? AND r.template_key = ?",
      )
      .get(slug, templateKey) as { id: string } | undefined;
    if (!row) throw new Error(`no ${templateKey} report in ${slug}`);
    return row.id;
  } finally {
    db.close();
  }
}
