-- Money in integer cents (lib/money/cents.ts): usage_events.revenue becomes revenue_cents,
-- and usage_hourly sums cents, so every sum is exact and the hourly table can subtract
-- instead of recomputing. Amounts are converted to the nearest cent in double precision
-- (a cast to numeric would keep only 15 digits); amounts beyond the bound, which no
-- report could sum, are held at ±(2^50 − 1) cents.
DROP TRIGGER "usage_hourly_insert" ON "usage_events";
DROP TRIGGER "usage_hourly_delete" ON "usage_events";
DROP TRIGGER "usage_hourly_update_1_remove" ON "usage_events";
DROP TRIGGER "usage_hourly_update_2_add" ON "usage_events";

ALTER TABLE "usage_events" ADD COLUMN "revenue_cents" BIGINT NOT NULL DEFAULT 0;
UPDATE "usage_events" SET "revenue_cents" =
  CASE WHEN "revenue" >= 11258999068426.23 THEN 1125899906842623
       WHEN "revenue" <= -11258999068426.23 THEN -1125899906842623
       ELSE ROUND("revenue" * 100)::bigint END
WHERE "revenue" <> 0;
ALTER TABLE "usage_events" DROP COLUMN "revenue";

TRUNCATE "usage_hourly";
ALTER TABLE "usage_hourly" DROP COLUMN "revenue", ADD COLUMN "revenue_cents" BIGINT NOT NULL;

-- usage_hourly follows usage_events through statement-level triggers, whatever writes
-- the events. Groups are upserted in key order so that concurrent writers lock rows in
-- the same order. Counts, durations and cents are integers: added and subtracted exactly.
CREATE OR REPLACE FUNCTION "usage_hourly_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "usage_hourly" AS h ("workspace_id", "hour", "event_type", "plan", "country", "events", "revenue_cents", "duration_ms")
  SELECT "workspace_id", date_trunc('hour', "occurred_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', "event_type", "plan", "country",
         COUNT(*), SUM("revenue_cents"), SUM("duration_ms")
  FROM new_rows
  GROUP BY 1, 2, 3, 4, 5
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT ("workspace_id", "hour", "event_type", "plan", "country") DO UPDATE SET
    "events" = h."events" + excluded."events",
    "revenue_cents" = h."revenue_cents" + excluded."revenue_cents",
    "duration_ms" = h."duration_ms" + excluded."duration_ms";
  RETURN NULL;
END $$;

-- An update is its old rows removed, then its new rows added (triggers fire in name order).
CREATE OR REPLACE FUNCTION "usage_hourly_remove"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH d AS (
    SELECT "workspace_id", date_trunc('hour', "occurred_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS "hour",
           "event_type", "plan", "country", COUNT(*) AS n, SUM("duration_ms") AS duration, SUM("revenue_cents") AS cents
    FROM old_rows
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5
  )
  UPDATE "usage_hourly" h SET
    "events" = h."events" - d.n,
    "duration_ms" = h."duration_ms" - d.duration,
    "revenue_cents" = h."revenue_cents" - d.cents
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

-- The hourly sums again, from the converted events.
INSERT INTO "usage_hourly" ("workspace_id", "hour", "event_type", "plan", "country", "events", "revenue_cents", "duration_ms")
SELECT "workspace_id", date_trunc('hour', "occurred_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', "event_type", "plan", "country",
       COUNT(*), SUM("revenue_cents"), SUM("duration_ms")
FROM "usage_events"
GROUP BY 1, 2, 3, 4, 5;
