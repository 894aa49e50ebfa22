ALTER TABLE "users" ADD COLUMN "session_generation" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "raw_body" "bytea";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "sessions_revoked_at";