-- CreateTable
CREATE TABLE "usage_hourly" (
    "workspace_id" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "event_type" TEXT NOT NULL,
    "plan" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "events" INTEGER NOT NULL,
    "revenue" DOUBLE PRECISION NOT NULL,
    "duration_ms" BIGINT NOT NULL,

    CONSTRAINT "usage_hourly_pkey" PRIMARY KEY ("workspace_id","hour","event_type","plan","country")
);

-- AddForeignKey
ALTER TABLE "usage_hourly" ADD CONSTRAINT "usage_hourly_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- usage_hourly follows usage_events through statement-level triggers, whatever writes
-- the events (seed, ingestion API, CSV import, a workspace's deletion). An hour is the
-- UTC hour the event falls in. Groups are upserted in key order so that concurrent
-- writers lock rows in the same order.
CREATE FUNCTION "usage_hourly_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "usage_hourly" AS h ("workspace_id", "hour", "event_type", "plan", "country", "events", "revenue", "duration_ms")
  SELECT "workspace_id", date_trunc('hour', "occurred_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', "event_type", "plan", "country",
         COUNT(*), SUM("revenue"), SUM("duration_ms")
  FROM new_rows
  GROUP BY 1, 2, 3, 4, 5
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT ("workspace_id", "hour", "event_type", "plan", "country") DO UPDATE SET
    "events" = h."events" + excluded."events",
    "revenue" = h."revenue" + excluded."revenue",
    "duration_ms" = h."duration_ms" + excluded."duration_ms";
  RETURN NULL;
END $$;

-- Counts and durations are integers and are subtracted exactly; a revenue sum is
-- recomputed from the group's remaining events (when the removed events had revenue)
-- rather than subtracted, so it never drifts by floating-point error. An update is its
-- old rows removed, then its new rows added (triggers fire in name order); the removal's
-- sum leaves out the updated rows, which are added back with their new values.
CREATE FUNCTION "usage_hourly_remove"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH d AS (
    SELECT "workspace_id", date_trunc('hour', "occurred_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS "hour",
           "event_type", "plan", "country", COUNT(*) AS n, SUM("duration_ms") AS duration, bool_or("revenue" <> 0) AS had_revenue
    FROM old_rows
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5
  )
  UPDATE "usage_hourly" h SET
    "events" = h."events" - d.n,
    "duration_ms" = h."duration_ms" - d.duration,
    "revenue" = CASE WHEN d.had_revenue THEN (
      SELECT COALESCE(SUM(e."revenue"), 0) FROM "usage_events" e
      WHERE e."workspace_id" = h."workspace_id" AND e."event_type" = h."event_type"
        AND e."occurred_at" >= h."hour" AND e."occurred_at" < h."hour" + interval '1 hour'
        AND e."plan" = h."plan" AND e."country" = h."country"
        AND (TG_OP = 'DELETE' OR e."id" NOT IN (SELECT "id" FROM old_rows))) ELSE h."revenue" END
  FROM d
  WHERE h."workspace_id" = d."workspace_id" AND h."hour" = d."hour" AND h."event_type" = d."event_type"
    AND h."plan" = d."plan" AND h."country" = d."country";
  DELETE FROM "usage_hourly" h
  USING (SELECT DISTINCT "workspace_id", date_trunc('hour', "occurred_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS "hour",
                "event_type", "plan", "country" FROM old_rows) d
  WHERE h."events" <= 0 AND h."workspace_id" = d."workspace_id" AND h."hour" = d."hour"
    AND h."event_type" = d."event_type" AND h."plan" = d."plan" AND h."country" = d."country";
  RETURN NULL;
END $$;

CREATE TRIGGER "usage_hourly_insert" AFTER INSERT ON "usage_events"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "usage_hourly_add"();
CREATE TRIGGER "usage_hourly_delete" AFTER DELETE ON "usage_events"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "usage_hourly_remove"();
CREATE TRIGGER "usage_hourly_update_1_remove" AFTER UPDATE ON "usage_events"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "usage_hourly_remove"();
CREATE TRIGGER "usage_hourly_update_2_add" AFTER UPDATE ON "usage_events"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "usage_hourly_add"();

-- Events written before this migration.
INSERT INTO "usage_hourly" ("workspace_id", "hour", "event_type", "plan", "country", "events", "revenue", "duration_ms")
SELECT "workspace_id", date_trunc('hour', "occurred_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', "event_type", "plan", "country",
       COUNT(*), SUM("revenue"), SUM("duration_ms")
FROM "usage_events"
GROUP BY 1, 2, 3, 4, 5;
