CREATE TYPE "public"."credential_status" AS ENUM('active', 'failing');--> statement-breakpoint
CREATE TABLE "whatsapp_credentials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"label" text NOT NULL,
	"phone_number_id" text NOT NULL,
	"waba_id" text NOT NULL,
	"access_token_encrypted" text NOT NULL,
	"access_token_last4" text NOT NULL,
	"app_secret_encrypted" text,
	"app_secret_last4" text,
	"webhook_verify_token" text NOT NULL,
	"display_phone_number" text,
	"verified_name" text,
	"quality_rating" text,
	"throughput_level" text,
	"messaging_limit" text,
	"status" "credential_status" DEFAULT 'active' NOT NULL,
	"last_check" jsonb,
	"last_verified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "whatsapp_credentials" ADD CONSTRAINT "whatsapp_credentials_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "whatsapp_credentials_phone_number_unique" ON "whatsapp_credentials" USING btree ("phone_number_id");--> statement-breakpoint
CREATE INDEX "whatsapp_credentials_organization_idx" ON "whatsapp_credentials" USING btree ("organization_id");