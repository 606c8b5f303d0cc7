-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_export_jobs" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspace_id" TEXT NOT NULL,
    "report_id" TEXT,
    "report_name" TEXT NOT NULL,
    "definition" TEXT NOT NULL DEFAULT '{}',
    "options" TEXT NOT NULL DEFAULT '{}',
    "format" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "row_count" INTEGER,
    "total_rows" INTEGER,
    "byte_size" INTEGER,
    "duration_ms" INTEGER,
    "error_message" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "worker_id" TEXT,
    "cancel_requested" BOOLEAN NOT NULL DEFAULT false,
    "storage_key" TEXT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" DATETIME,
    "heartbeat_at" DATETIME,
    "finished_at" DATETIME,
    "expires_at" DATETIME,
    CONSTRAINT "export_jobs_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "export_jobs_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_export_jobs" ("byte_size", "created_at", "created_by", "duration_ms", "error_message", "finished_at", "format", "id", "report_id", "report_name", "row_count", "status", "workspace_id") SELECT "byte_size", "created_at", "created_by", "duration_ms", "error_message", "finished_at", "format", "id", "report_id", "report_name", "row_count", "status", "workspace_id" FROM "export_jobs";
DROP TABLE "export_jobs";
ALTER TABLE "new_export_jobs" RENAME TO "export_jobs";
CREATE INDEX "export_jobs_workspace_id_created_at_idx" ON "export_jobs"("workspace_id", "created_at");
CREATE INDEX "export_jobs_status_created_at_idx" ON "export_jobs"("status", "created_at");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

