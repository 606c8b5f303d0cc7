-- CreateTable
CREATE TABLE "usage_hourly" (
    "workspace_id" TEXT NOT NULL,
    "hour" DATETIME NOT NULL,
    "event_type" TEXT NOT NULL,
    "plan" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "events" INTEGER NOT NULL,
    "revenue" REAL NOT NULL,
    "duration_ms" BIGINT NOT NULL,

    PRIMARY KEY ("workspace_id", "hour", "event_type", "plan", "country"),
    CONSTRAINT "usage_hourly_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;


-- usage_hourly follows usage_events through triggers, whatever writes the events
-- (seed, ingestion API, CSV import, a workspace's deletion). An hour is the UTC hour
-- the event falls in: epoch milliseconds floored to 3,600,000.
CREATE TRIGGER "usage_hourly_insert" AFTER INSERT ON "usage_events" BEGIN
  INSERT INTO "usage_hourly" ("workspace_id", "hour", "event_type", "plan", "country", "events", "revenue", "duration_ms")
  VALUES (NEW."workspace_id", NEW."occurred_at" - ((NEW."occurred_at" % 3600000) + 3600000) % 3600000,
          NEW."event_type", NEW."plan", NEW."country", 1, NEW."revenue", NEW."duration_ms")
  ON CONFLICT ("workspace_id", "hour", "event_type", "plan", "country") DO UPDATE SET
    "events" = "events" + 1,
    "revenue" = "revenue" + excluded."revenue",
    "duration_ms" = "duration_ms" + excluded."duration_ms";
END;

-- Counts and durations are integers and are subtracted exactly; a revenue sum is
-- recomputed from the group's remaining events (when the removed event had revenue)
-- rather than subtracted, so it never drifts by floating-point error.
CREATE TRIGGER "usage_hourly_delete" AFTER DELETE ON "usage_events" BEGIN
  UPDATE "usage_hourly" SET
    "events" = "events" - 1,
    "duration_ms" = "duration_ms" - OLD."duration_ms",
    "revenue" = CASE WHEN OLD."revenue" = 0 THEN "revenue" ELSE (
      SELECT COALESCE(SUM(e."revenue"), 0) FROM "usage_events" e
      WHERE e."workspace_id" = OLD."workspace_id" AND e."event_type" = OLD."event_type"
        AND e."occurred_at" >= "usage_hourly"."hour" AND e."occurred_at" < "usage_hourly"."hour" + 3600000
        AND e."plan" = OLD."plan" AND e."country" = OLD."country") END
  WHERE "workspace_id" = OLD."workspace_id"
    AND "hour" = OLD."occurred_at" - ((OLD."occurred_at" % 3600000) + 3600000) % 3600000
    AND "event_type" = OLD."event_type" AND "plan" = OLD."plan" AND "country" = OLD."country";
  DELETE FROM "usage_hourly"
  WHERE "workspace_id" = OLD."workspace_id"
    AND "hour" = OLD."occurred_at" - ((OLD."occurred_at" % 3600000) + 3600000) % 3600000
    AND "event_type" = OLD."event_type" AND "plan" = OLD."plan" AND "country" = OLD."country"
    AND "events" <= 0;
END;

-- An update is the old event leaving its group and the new one joining its own; the
-- recomputed revenue of the old group leaves out the updated row, which joins again below.
CREATE TRIGGER "usage_hourly_update" AFTER UPDATE OF "workspace_id", "occurred_at", "event_type", "plan", "country", "revenue", "duration_ms" ON "usage_events" BEGIN
  UPDATE "usage_hourly" SET
    "events" = "events" - 1,
    "duration_ms" = "duration_ms" - OLD."duration_ms",
    "revenue" = CASE WHEN OLD."revenue" = 0 THEN "revenue" ELSE (
      SELECT COALESCE(SUM(e."revenue"), 0) FROM "usage_events" e
      WHERE e."workspace_id" = OLD."workspace_id" AND e."event_type" = OLD."event_type"
        AND e."occurred_at" >= "usage_hourly"."hour" AND e."occurred_at" < "usage_hourly"."hour" + 3600000
        AND e."plan" = OLD."plan" AND e."country" = OLD."country" AND e."id" <> OLD."id") END
  WHERE "workspace_id" = OLD."workspace_id"
    AND "hour" = OLD."occurred_at" - ((OLD."occurred_at" % 3600000) + 3600000) % 3600000
    AND "event_type" = OLD."event_type" AND "plan" = OLD."plan" AND "country" = OLD."country";
  DELETE FROM "usage_hourly"
  WHERE "workspace_id" = OLD."workspace_id"
    AND "hour" = OLD."occurred_at" - ((OLD."occurred_at" % 3600000) + 3600000) % 3600000
    AND "event_type" = OLD."event_type" AND "plan" = OLD."plan" AND "country" = OLD."country"
    AND "events" <= 0;
  INSERT INTO "usage_hourly" ("workspace_id", "hour", "event_type", "plan", "country", "events", "revenue", "duration_ms")
  VALUES (NEW."workspace_id", NEW."occurred_at" - ((NEW."occurred_at" % 3600000) + 3600000) % 3600000,
          NEW."event_type", NEW."plan", NEW."country", 1, NEW."revenue", NEW."duration_ms")
  ON CONFLICT ("workspace_id", "hour", "event_type", "plan", "country") DO UPDATE SET
    "events" = "events" + 1,
    "revenue" = "revenue" + excluded."revenue",
    "duration_ms" = "duration_ms" + excluded."duration_ms";
END;

-- Events written before this migration.
INSERT INTO "usage_hourly" ("workspace_id", "hour", "event_type", "plan", "country", "events", "revenue", "duration_ms")
SELECT "workspace_id", "occurred_at" - (("occurred_at" % 3600000) + 3600000) % 3600000, "event_type", "plan", "country",
       COUNT(*), SUM("revenue"), SUM("duration_ms")
FROM "usage_events"
GROUP BY 1, 2, 3, 4, 5;
