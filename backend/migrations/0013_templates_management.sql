ALTER TABLE "whatsapp_accounts" ADD COLUMN "app_id" text;--> statement-breakpoint
ALTER TABLE "message_templates" ADD COLUMN "quality_rating" text;--> statement-breakpoint
ALTER TABLE "message_templates" ADD COLUMN "previous_category" text;--> statement-breakpoint
ALTER TABLE "message_templates" ADD COLUMN "upcoming_category" text;--> statement-breakpoint
ALTER TABLE "message_templates" ADD COLUMN "upcoming_category_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "message_templates" ADD COLUMN "approved_edits" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "message_templates" ADD COLUMN "last_meta_update_at" timestamp with time zone;