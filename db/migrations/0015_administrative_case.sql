CREATE TABLE "shared"."penalty_decisions" (
	"matter_id" uuid PRIMARY KEY NOT NULL,
	"step_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"article" text,
	"other_basis" text,
	"subject_kind" text NOT NULL,
	"loss_amount" numeric(18, 2),
	"ordered_return" numeric(18, 2),
	"fine_multiple" numeric(4, 2),
	"fine" numeric(18, 2),
	"service_suspension_months" integer,
	"settlement_suspension_months" integer,
	"decided_at" timestamp with time zone NOT NULL,
	"served_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closing_reason" text
);
--> statement-breakpoint
CREATE TABLE "shared"."penalty_enforcements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"matter_id" uuid NOT NULL,
	"step_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount" numeric(18, 2),
	"taken_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "shared"."matters" ADD COLUMN "administrative_stage" text DEFAULT 'INVESTIGATING' NOT NULL;--> statement-breakpoint
CREATE INDEX "penalty_enforcements_matter" ON "shared"."penalty_enforcements" USING btree ("matter_id");