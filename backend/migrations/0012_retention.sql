ALTER TYPE "public"."media_status" ADD VALUE 'expired';--> statement-breakpoint
CREATE INDEX "media_files_stored_idx" ON "media_files" USING btree ("created_at") WHERE status = 'stored';--> statement-breakpoint
CREATE INDEX "webhook_events_applied_idx" ON "webhook_events" USING btree ("processed_at") WHERE processed_at IS NOT NULL;