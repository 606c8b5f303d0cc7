-- Money in integer cents (lib/money/cents.ts): usage_events.revenue becomes revenue_cents,
-- and usage_hourly sums cents, so every sum is exact and the hourly table can subtract
-- instead of recomputing. Amounts are converted to the nearest cent (stored doubles such
-- as 19.99 are 1998.9999999999998 cents); amounts beyond the bound, which no report could
-- sum, are held at ±(2^50 − 1) cents.
DROP TRIGGER "usage_hourly_insert";
DROP TRIGGER "usage_hourly_delete";
DROP TRIGGER "usage_hourly_update";

CREATE TABLE "new_usage_events" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "workspace_id" TEXT NOT NULL,
    "occurred_at" DATETIME NOT NULL,
    "user_id" TEXT NOT NULL,
    "device_id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "plan" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "revenue_cents" BIGINT NOT NULL DEFAULT 0,
    "client_id" TEXT,
    CONSTRAINT "usage_events_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_usage_events" ("id", "workspace_id", "occurred_at", "user_id", "device_id", "event_type", "plan", "country", "duration_ms", "revenue_cents", "client_id")
SELECT "id", "workspace_id", "occurred_at", "user_id", "device_id", "event_type", "plan", "country", "duration_ms",
       CASE WHEN "revenue" >= 11258999068426.23 THEN 1125899906842623
            WHEN "revenue" <= -11258999068426.23 THEN -1125899906842623
            ELSE CAST(ROUND("revenue" * 100) AS INTEGER) END,
       "client_id"
FROM "usage_events";
DROP TABLE "usage_events";
ALTER TABLE "new_usage_events" RENAME TO "usage_events";
CREATE INDEX "usage_events_workspace_id_occurred_at_idx" ON "usage_events"("workspace_id", "occurred_at");
CREATE INDEX "usage_events_workspace_id_event_type_occurred_at_idx" ON "usage_events"("workspace_id", "event_type", "occurred_at");
CREATE UNIQUE INDEX "usage_events_workspace_id_client_id_key" ON "usage_events"("workspace_id", "client_id");

DROP TABLE "usage_hourly";
CREATE TABLE "usage_hourly" (
    "workspace_id" TEXT NOT NULL,
    "hour" DATETIME NOT NULL,
    "event_type" TEXT NOT NULL,
    "plan" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "events" INTEGER NOT NULL,
    "revenue_cents" BIGINT NOT NULL,
    "duration_ms" BIGINT NOT NULL,

    PRIMARY KEY ("workspace_id", "hour", "event_type", "plan", "country"),
    CONSTRAINT "usage_hourly_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;

-- usage_hourly follows usage_events through triggers, whatever writes the events. An
-- hour is the UTC hour the event falls in: epoch milliseconds floored to 3,600,000.
-- Counts, durations and cents are integers: added and subtracted exactly.
CREATE TRIGGER "usage_hourly_insert" AFTER INSERT ON "usage_events" BEGIN
  INSERT INTO "usage_hourly" ("workspace_id", "hour", "event_type", "plan", "country", "events", "revenue_cents", "duration_ms")
  VALUES (NEW."workspace_id", NEW."occurred_at" - ((NEW."occurred_at" % 3600000) + 3600000) % 3600000,
          NEW."event_type", NEW."plan", NEW."country", 1, NEW."revenue_cents", NEW."duration_ms")
  ON CONFLICT ("workspace_id", "hour", "event_type", "plan", "country") DO UPDATE SET
    "events" = "events" + 1,
    "revenue_cents" = "revenue_cents" + excluded."revenue_cents",
    "duration_ms" = "duration_ms" + excluded."duration_ms";
END;

CREATE TRIGGER "usage_hourly_delete" AFTER DELETE ON "usage_events" BEGIN
  UPDATE "usage_hourly" SET
    "events" = "events" - 1,
    "duration_ms" = "duration_ms" - OLD."duration_ms",
    "revenue_cents" = "revenue_cents" - OLD."revenue_cents"
  WHERE "workspace_id" = OLD."workspace_id"
    AND "hour" = OLD."occurred_at" - ((OLD."occurred_at" % 3600000) + 3600000) % 3600000
    AND "event_type" = OLD."event_type" AND "plan" = OLD."plan" AND "country" = OLD."country";
  DELETE FROM "usage_hourly"
  WHERE "workspace_id" = OLD."workspace_id"
    AND "hour" = OLD."occurred_at" - ((OLD."occurred_at" % 3600000) + 3600000) % 3600000
    AND "event_type" = OLD."event_type" AND "plan" = OLD."plan" AND "country" = OLD."country"
    AND "events" <= 0;
END;

-- An update is the old event leaving its group and the new one joining its own.
CREATE TRIGGER "usage_hourly_update" AFTER UPDATE OF "workspace_id", "occurred_at", "event_type", "plan", "country", "revenue_cents", "duration_ms" ON "usage_events" BEGIN
  UPDATE "usage_hourly" SET
    "events" = "events" - 1,
    "duration_ms" = "duration_ms" - OLD."duration_ms",
    "revenue_cents" = "revenue_cents" - OLD."revenue_cents"
  WHERE "workspace_id" = OLD."workspace_id"
    AND "hour" = OLD."occurred_at" - ((OLD."occurred_at" % 3600000) + 3600000) % 3600000
    AND "event_type" = OLD."event_type" AND "plan" = OLD."plan" AND "country" = OLD."country";
  DELETE FROM "usage_hourly"
  WHERE "workspace_id" = OLD."workspace_id"
    AND "hour" = OLD."occurred_at" - ((OLD."occurred_at" % 3600000) + 3600000) % 3600000
    AND "event_type" = OLD."event_type" AND "plan" = OLD."plan" AND "country" = OLD."country"
    AND "events" <= 0;
  INSERT INTO "usage_hourly" ("workspace_id", "hour", "event_type", "plan", "country", "events", "revenue_cents", "duration_ms")
  VALUES (NEW."workspace_id", NEW."occurred_at" - ((NEW."occurred_at" % 3600000) + 3600000) % 3600000,
          NEW."event_type", NEW."plan", NEW."country", 1, NEW."revenue_cents", NEW."duration_ms")
  ON CONFLICT ("workspace_id", "hour", "event_type", "plan", "country") DO UPDATE SET
    "events" = "events" + 1,
    "revenue_cents" = "revenue_cents" + excluded."revenue_cents",
    "duration_ms" = "duration_ms" + excluded."duration_ms";
END;

-- The hourly sums again, from the converted events.
INSERT INTO "usage_hourly" ("workspace_id", "hour", "event_type", "plan", "country", "events", "revenue_cents", "duration_ms")
SELECT "workspace_id", "occurred_at" - (("occurred_at" % 3600000) + 3600000) % 3600000, "event_type", "plan", "country",
       COUNT(*), SUM("revenue_cents"), SUM("duration_ms")
FROM "usage_events"
GROUP BY 1, 2, 3, 4, 5;
