CREATE SCHEMA "audit";
--> statement-breakpoint
CREATE SCHEMA "mib";
--> statement-breakpoint
CREATE SCHEMA "shared";
--> statement-breakpoint
CREATE TABLE "shared"."agencies" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"level" text NOT NULL,
	"division_code" char(6) NOT NULL,
	"name" text NOT NULL,
	"parent_id" text
);
--> statement-breakpoint
CREATE TABLE "audit"."events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" text,
	"agency_id" text,
	"position" text,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mib"."leads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" text NOT NULL,
	"source" text NOT NULL,
	"region_code" char(6) NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_name" text NOT NULL,
	"subject_credit_code" char(18),
	"subject_id_number_sealed" text,
	"subject_id_number_hash" text,
	"behaviours" text[] NOT NULL,
	"suspected_amount" numeric(18, 2),
	"summary" text DEFAULT '' NOT NULL,
	"informant_name" text,
	"informant_phone" text,
	"informant_real_name" boolean,
	"received_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"idempotency_key" text
);
--> statement-breakpoint
CREATE TABLE "shared"."people" (
	"id" text PRIMARY KEY NOT NULL,
	"agency_id" text NOT NULL,
	"name" text NOT NULL,
	"position" text NOT NULL,
	"certificate_no" text
);
--> statement-breakpoint
CREATE TABLE "shared"."regions" (
	"code" char(6) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"parent_code" char(6)
);
--> statement-breakpoint
ALTER TABLE "shared"."agencies" ADD CONSTRAINT "agencies_division_code_regions_code_fk" FOREIGN KEY ("division_code") REFERENCES "shared"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shared"."people" ADD CONSTRAINT "people_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "shared"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agencies_kind_division" ON "shared"."agencies" USING btree ("kind","division_code");--> statement-breakpoint
CREATE INDEX "leads_agency" ON "mib"."leads" USING btree ("agency_id","received_at");--> statement-breakpoint
CREATE INDEX "leads_region" ON "mib"."leads" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "leads_subject_id_hash" ON "mib"."leads" USING btree ("subject_id_number_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "leads_idempotency" ON "mib"."leads" USING btree ("agency_id","idempotency_key");