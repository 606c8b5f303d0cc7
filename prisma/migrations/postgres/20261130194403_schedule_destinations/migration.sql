-- AlterTable
ALTER TABLE "deliveries" ADD COLUMN     "destination_id" TEXT,
ADD COLUMN     "detail" TEXT,
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'email';

-- CreateTable
CREATE TABLE "schedule_destinations" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "schedule_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "secret_sealed" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "paused_reason" TEXT,
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "schedule_destinations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "schedule_destinations_schedule_id_idx" ON "schedule_destinations"("schedule_id");

-- CreateIndex
CREATE INDEX "deliveries_destination_id_idx" ON "deliveries"("destination_id");

-- AddForeignKey
ALTER TABLE "schedule_destinations" ADD CONSTRAINT "schedule_destinations_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "schedules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "schedule_destinations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

