DROP INDEX "media_files_pending_idx";--> statement-breakpoint
CREATE INDEX "media_files_pending_idx" ON "media_files" USING btree ("created_at") WHERE status = 'pending';--> statement-breakpoint
ALTER TABLE "media_files" DROP COLUMN "next_attempt_at";