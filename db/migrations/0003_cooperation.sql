CREATE TABLE "shared"."consultations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"matter_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_agency_id" text NOT NULL,
	"to_agency_id" text NOT NULL,
	"question" text NOT NULL,
	"asked_by" text NOT NULL,
	"asked_at" timestamp with time zone NOT NULL,
	"answer" text,
	"loss_amount" numeric(18, 2),
	"answered_by" text,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "shared"."matters" ADD COLUMN "dual_listing_police_agency_id" text;--> statement-breakpoint
ALTER TABLE "shared"."matters" ADD COLUMN "dual_listing_mib_head_id" text;--> statement-breakpoint
ALTER TABLE "shared"."matters" ADD COLUMN "dual_listing_police_head_id" text;--> statement-breakpoint
ALTER TABLE "shared"."matters" ADD COLUMN "dual_listed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "consultations_matter" ON "shared"."consultations" USING btree ("matter_id");--> statement-breakpoint
CREATE INDEX "consultations_to" ON "shared"."consultations" USING btree ("to_agency_id");