CREATE TABLE "message_stats" (
	"organization_id" uuid NOT NULL,
	"account_id" uuid,
	"day" date NOT NULL,
	"direction" "message_direction" NOT NULL,
	"status" "message_status" NOT NULL,
	"failure_code" integer,
	"failure_title" text,
	"pricing_category" text,
	"count" bigint NOT NULL,
	CONSTRAINT "message_stats_key" UNIQUE NULLS NOT DISTINCT("organization_id","day","account_id","direction","status","failure_code","failure_title","pricing_category")
);
--> statement-breakpoint
CREATE TABLE "message_stats_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"account_id" uuid,
	"day" date NOT NULL,
	"direction" "message_direction" NOT NULL,
	"status" "message_status" NOT NULL,
	"failure_code" integer,
	"failure_title" text,
	"pricing_category" text,
	"delta" bigint NOT NULL
);
