ALTER TABLE "whatsapp_accounts" ADD COLUMN "last_webhook_at" timestamp with time zone;--> statement-breakpoint
-- What the inbox still holds (deliveries on each account's own URL, within the retention), so an
-- account whose webhooks stopped before this release does not read "none yet".
UPDATE "whatsapp_accounts" a SET "last_webhook_at" = e.at
FROM (
  SELECT "account_id", max("received_at") AS at FROM "webhook_events"
  WHERE "account_id" IS NOT NULL
  GROUP BY "account_id"
) e
WHERE e."account_id" = a."id";
