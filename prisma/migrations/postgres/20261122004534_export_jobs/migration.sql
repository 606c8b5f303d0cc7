-- AlterTable
ALTER TABLE "export_jobs" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "cancel_requested" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "definition" TEXT NOT NULL DEFAULT '{}',
ADD COLUMN     "expires_at" TIMESTAMPTZ(3),
ADD COLUMN     "heartbeat_at" TIMESTAMPTZ(3),
ADD COLUMN     "options" TEXT NOT NULL DEFAULT '{}',
ADD COLUMN     "started_at" TIMESTAMPTZ(3),
ADD COLUMN     "storage_key" TEXT,
ADD COLUMN     "total_rows" INTEGER,
ADD COLUMN     "worker_id" TEXT;

-- CreateIndex
CREATE INDEX "export_jobs_status_created_at_idx" ON "export_jobs"("status", "created_at");

