-- CreateTable
CREATE TABLE "schedule_destinations" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspace_id" TEXT NOT NULL,
    "schedule_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "secret_sealed" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "paused_reason" TEXT,
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL,
    CONSTRAINT "schedule_destinations_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "schedules" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_deliveries" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "run_id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'email',
    "destination_id" TEXT,
    "detail" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "provider_id" TEXT,
    "idempotency_key" TEXT NOT NULL,
    "sent_at" DATETIME,
    "updated_at" DATETIME NOT NULL,
    CONSTRAINT "deliveries_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "schedule_runs" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "deliveries_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "schedule_destinations" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_deliveries" ("attempts", "id", "idempotency_key", "last_error", "provider_id", "recipient", "run_id", "sent_at", "status", "updated_at", "workspace_id") SELECT "attempts", "id", "idempotency_key", "last_error", "provider_id", "recipient", "run_id", "sent_at", "status", "updated_at", "workspace_id" FROM "deliveries";
DROP TABLE "deliveries";
ALTER TABLE "new_deliveries" RENAME TO "deliveries";
CREATE UNIQUE INDEX "deliveries_idempotency_key_key" ON "deliveries"("idempotency_key");
CREATE INDEX "deliveries_destination_id_idx" ON "deliveries"("destination_id");
CREATE UNIQUE INDEX "deliveries_run_id_recipient_key" ON "deliveries"("run_id", "recipient");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "schedule_destinations_schedule_id_idx" ON "schedule_destinations"("schedule_id");

