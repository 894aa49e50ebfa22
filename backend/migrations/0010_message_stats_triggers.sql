-- Keeps message_stats_changes in step with messages: every statement that inserts, updates or
-- deletes messages adds, in its own transaction, one signed delta per stats key it changed
-- (statement-level triggers with transition tables: one INSERT per statement, however many
-- rows). StatsCompactor folds the deltas into message_stats; the dashboard reads both.
CREATE TYPE "message_stats_grouping" AS (
  organization_id uuid,
  day date,
  account_id uuid,
  direction message_direction,
  status message_status,
  failure_code integer,
  failure_title text,
  pricing_category text
);
--> statement-breakpoint
-- What the stats count a message under: the same definitions the dashboard documents.
CREATE FUNCTION message_stats_key_of(m messages) RETURNS message_stats_grouping
LANGUAGE sql STABLE AS $$
  SELECT ROW(
    m.organization_id,
    (m.created_at AT TIME ZONE 'UTC')::date,
    m.account_id,
    m.direction,
    m.status,
    CASE WHEN m.status = 'failed' AND m.error->>'code' ~ '^-?[0-9]{1,9}$' THEN (m.error->>'code')::int END,
    CASE WHEN m.status = 'failed' THEN nullif(m.error->>'title', '') END,
    CASE WHEN m.direction = 'out' THEN m.pricing->>'category' END
  )::message_stats_grouping
$$;
--> statement-breakpoint
CREATE FUNCTION message_stats_capture() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Each branch names only the transition tables its event has (PL/pgSQL plans a statement
  -- the first time it runs, so the others are never planned).
  IF TG_OP = 'INSERT' THEN
    INSERT INTO message_stats_changes
      (organization_id, day, account_id, direction, status, failure_code, failure_title, pricing_category, delta)
    SELECT (k).organization_id, (k).day, (k).account_id, (k).direction, (k).status,
           (k).failure_code, (k).failure_title, (k).pricing_category, count(*)
    FROM (SELECT message_stats_key_of(n) AS k FROM new_rows n) s
    GROUP BY k;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO message_stats_changes
      (organization_id, day, account_id, direction, status, failure_code, failure_title, pricing_category, delta)
    SELECT (k).organization_id, (k).day, (k).account_id, (k).direction, (k).status,
           (k).failure_code, (k).failure_title, (k).pricing_category, sum(d)
    FROM (
      SELECT message_stats_key_of(o) AS k, -1 AS d FROM old_rows o
      UNION ALL
      SELECT message_stats_key_of(n) AS k, 1 AS d FROM new_rows n
    ) s
    GROUP BY k
    HAVING sum(d) <> 0;
  ELSE
    INSERT INTO message_stats_changes
      (organization_id, day, account_id, direction, status, failure_code, failure_title, pricing_category, delta)
    SELECT (k).organization_id, (k).day, (k).account_id, (k).direction, (k).status,
           (k).failure_code, (k).failure_title, (k).pricing_category, -count(*)
    FROM (SELECT message_stats_key_of(o) AS k FROM old_rows o) s
    GROUP BY k;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER message_stats_on_insert AFTER INSERT ON messages
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION message_stats_capture();
--> statement-breakpoint
CREATE TRIGGER message_stats_on_update AFTER UPDATE ON messages
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION message_stats_capture();
--> statement-breakpoint
CREATE TRIGGER message_stats_on_delete AFTER DELETE ON messages
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION message_stats_capture();
--> statement-breakpoint
-- The messages already there.
INSERT INTO message_stats
  (organization_id, day, account_id, direction, status, failure_code, failure_title, pricing_category, count)
SELECT (k).organization_id, (k).day, (k).account_id, (k).direction, (k).status,
       (k).failure_code, (k).failure_title, (k).pricing_category, count(*)
FROM (SELECT message_stats_key_of(m) AS k FROM messages m) s
GROUP BY k;
