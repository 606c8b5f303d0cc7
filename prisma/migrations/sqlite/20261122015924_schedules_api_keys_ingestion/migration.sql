-- AlterTable
ALTER TABLE "usage_events" ADD COLUMN "client_id" TEXT;

-- AlterTable
ALTER TABLE "model_metrics" ADD COLUMN "client_id" TEXT;

-- AlterTable
ALTER TABLE "alerts" ADD COLUMN "client_id" TEXT;

-- AlterTable
ALTER TABLE "export_jobs" ADD COLUMN "schedule_run_id" TEXT;

-- CreateTable
CREATE TABLE "schedules" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspace_id" TEXT NOT NULL,
    "report_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "formats" TEXT NOT NULL DEFAULT '["pdf"]',
    "delivery" TEXT NOT NULL DEFAULT 'attachment',
    "recipients" TEXT NOT NULL DEFAULT '[]',
    "subject_template" TEXT NOT NULL DEFAULT '{{report}} — {{date}}',
    "skip_if_empty" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "paused_reason" TEXT,
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
    "next_run_at" DATETIME,
    "last_run_at" DATETIME,
    "last_run_status" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL,
    CONSTRAINT "schedules_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "schedules_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "schedule_runs" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspace_id" TEXT NOT NULL,
    "schedule_id" TEXT NOT NULL,
    "scheduled_for" DATETIME NOT NULL,
    "trigger" TEXT NOT NULL DEFAULT 'schedule',
    "late" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimed_by" TEXT,
    "heartbeat_at" DATETIME,
    "next_attempt_at" DATETIME,
    "row_count" INTEGER,
    "error_message" TEXT,
    "export_job_ids" TEXT NOT NULL DEFAULT '[]',
    "started_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" DATETIME,
    CONSTRAINT "schedule_runs_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "schedules" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "deliveries" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "run_id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "provider_id" TEXT,
    "idempotency_key" TEXT NOT NULL,
    "sent_at" DATETIME,
    "updated_at" DATETIME NOT NULL,
    CONSTRAINT "deliveries_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "schedule_runs" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "outbox_emails" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspace_id" TEXT,
    "idempotency_key" TEXT,
    "from_address" TEXT NOT NULL,
    "to_address" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL DEFAULT '',
    "attachments" TEXT NOT NULL DEFAULT '[]',
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspace_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "link" TEXT,
    "read_at" DATETIME,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspace_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "last_used_at" DATETIME,
    "revoked_at" DATETIME,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "api_keys_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "invites" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspace_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "invited_by" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" DATETIME NOT NULL,
    "accepted_at" DATETIME,
    CONSTRAINT "invites_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "csv_imports" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspace_id" TEXT NOT NULL,
    "dataset" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "mapping" TEXT NOT NULL DEFAULT '{}',
    "total_rows" INTEGER,
    "last_line" INTEGER NOT NULL DEFAULT 0,
    "accepted_rows" INTEGER NOT NULL DEFAULT 0,
    "rejected_rows" INTEGER NOT NULL DEFAULT 0,
    "rejections" TEXT NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL DEFAULT 'uploading',
    "created_by" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL,
    CONSTRAINT "csv_imports_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "rate_limit_buckets" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "count" INTEGER NOT NULL,
    "reset_at" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_workspaces" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "locale" TEXT NOT NULL DEFAULT 'en-US',
    "brand_color" TEXT NOT NULL DEFAULT '#2563eb',
    "logo_url" TEXT,
    "templates_version" INTEGER NOT NULL DEFAULT 0,
    "join_code" TEXT,
    "allowed_email_domains" TEXT NOT NULL DEFAULT '',
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_workspaces" ("brand_color", "created_at", "id", "locale", "logo_url", "name", "slug", "templates_version", "timezone") SELECT "brand_color", "created_at", "id", "locale", "logo_url", "name", "slug", "templates_version", "timezone" FROM "workspaces";
DROP TABLE "workspaces";
ALTER TABLE "new_workspaces" RENAME TO "workspaces";
CREATE UNIQUE INDEX "workspaces_slug_key" ON "workspaces"("slug");
CREATE UNIQUE INDEX "workspaces_join_code_key" ON "workspaces"("join_code");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "schedules_workspace_id_created_at_idx" ON "schedules"("workspace_id", "created_at");

-- CreateIndex
CREATE INDEX "schedules_active_next_run_at_idx" ON "schedules"("active", "next_run_at");

-- CreateIndex
CREATE INDEX "schedule_runs_workspace_id_started_at_idx" ON "schedule_runs"("workspace_id", "started_at");

-- CreateIndex
CREATE INDEX "schedule_runs_status_next_attempt_at_idx" ON "schedule_runs"("status", "next_attempt_at");

-- CreateIndex
CREATE UNIQUE INDEX "schedule_runs_schedule_id_scheduled_for_key" ON "schedule_runs"("schedule_id", "scheduled_for");

-- CreateIndex
CREATE UNIQUE INDEX "deliveries_idempotency_key_key" ON "deliveries"("idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "deliveries_run_id_recipient_key" ON "deliveries"("run_id", "recipient");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_emails_idempotency_key_key" ON "outbox_emails"("idempotency_key");

-- CreateIndex
CREATE INDEX "outbox_emails_workspace_id_created_at_idx" ON "outbox_emails"("workspace_id", "created_at");

-- CreateIndex
CREATE INDEX "notifications_user_id_created_at_idx" ON "notifications"("user_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_hash_key" ON "api_keys"("hash");

-- CreateIndex
CREATE INDEX "api_keys_workspace_id_created_at_idx" ON "api_keys"("workspace_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "invites_token_hash_key" ON "invites"("token_hash");

-- CreateIndex
CREATE INDEX "invites_workspace_id_created_at_idx" ON "invites"("workspace_id", "created_at");

-- CreateIndex
CREATE INDEX "csv_imports_workspace_id_created_at_idx" ON "csv_imports"("workspace_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "usage_events_workspace_id_client_id_key" ON "usage_events"("workspace_id", "client_id");

-- CreateIndex
CREATE UNIQUE INDEX "model_metrics_workspace_id_client_id_key" ON "model_metrics"("workspace_id", "client_id");

-- CreateIndex
CREATE UNIQUE INDEX "alerts_workspace_id_client_id_key" ON "alerts"("workspace_id", "client_id");

