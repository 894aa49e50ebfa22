-- Trigram indexes need the pg_trgm extension (shipped with PostgreSQL, embedded one included).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX "messages_preview_trgm_idx" ON "messages" USING gin ("preview_text" gin_trgm_ops);
