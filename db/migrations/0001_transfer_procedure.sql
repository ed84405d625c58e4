CREATE TABLE "shared"."calendar_overrides" (
	"day" date PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"note" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shared"."calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"note" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shared"."clock_rules" (
	"code" text NOT NULL,
	"basis" text NOT NULL,
	"variant" text DEFAULT 'STANDARD' NOT NULL,
	"amount" integer,
	"unit" text NOT NULL,
	"citation" text NOT NULL,
	CONSTRAINT "clock_rules_code_basis_variant_pk" PRIMARY KEY("code","basis","variant")
);
--> statement-breakpoint
CREATE TABLE "shared"."clocks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"matter_id" uuid NOT NULL,
	"code" text NOT NULL,
	"agency_id" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone,
	"citation" text NOT NULL,
	"optional" boolean DEFAULT false NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by_step_id" uuid
);
--> statement-breakpoint
CREATE TABLE "shared"."document_counters" (
	"agency_id" text NOT NULL,
	"year" integer NOT NULL,
	"kind" text NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "document_counters_agency_id_year_kind_pk" PRIMARY KEY("agency_id","year","kind")
);
--> statement-breakpoint
CREATE TABLE "shared"."documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"matter_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"number" text NOT NULL,
	"agency_id" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	CONSTRAINT "documents_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "shared"."matters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"control_number" text NOT NULL,
	"lead_id" uuid NOT NULL,
	"title" text NOT NULL,
	"region_code" char(6) NOT NULL,
	"basis" text DEFAULT 'STANDARD' NOT NULL,
	"stage" text NOT NULL,
	"mib_agency_id" text NOT NULL,
	"police_agency_id" text,
	"procuratorate_agency_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "matters_control_number_unique" UNIQUE("control_number")
);
--> statement-breakpoint
CREATE TABLE "shared"."outcome_notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"matter_id" uuid NOT NULL,
	"step_id" uuid NOT NULL,
	"from_agency_id" text NOT NULL,
	"to_agency_id" text NOT NULL,
	"document_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text
);
--> statement-breakpoint
CREATE TABLE "shared"."steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"matter_id" uuid NOT NULL,
	"code" text NOT NULL,
	"action" text NOT NULL,
	"agency_id" text NOT NULL,
	"person_id" text NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"document_id" uuid,
	"idempotency_key" text
);
--> statement-breakpoint
ALTER TABLE "shared"."agencies" ADD COLUMN "short_name" text NOT NULL;--> statement-breakpoint
CREATE INDEX "clocks_open" ON "shared"."clocks" USING btree ("agency_id","due_at");--> statement-breakpoint
CREATE INDEX "clocks_matter" ON "shared"."clocks" USING btree ("matter_id");--> statement-breakpoint
CREATE INDEX "matters_mib" ON "shared"."matters" USING btree ("mib_agency_id");--> statement-breakpoint
CREATE INDEX "matters_police" ON "shared"."matters" USING btree ("police_agency_id");--> statement-breakpoint
CREATE INDEX "matters_region" ON "shared"."matters" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "notifications_to" ON "shared"."outcome_notifications" USING btree ("to_agency_id","created_at");--> statement-breakpoint
CREATE INDEX "steps_matter" ON "shared"."steps" USING btree ("matter_id","taken_at");--> statement-breakpoint
CREATE UNIQUE INDEX "steps_idempotency" ON "shared"."steps" USING btree ("agency_id","idempotency_key");