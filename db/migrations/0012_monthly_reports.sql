CREATE TABLE "shared"."criminal_thresholds" (
	"province_code" char(6) PRIMARY KEY NOT NULL,
	"amount" numeric(18, 2) NOT NULL,
	"citation" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shared"."reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" char(6) NOT NULL,
	"month" char(7) NOT NULL,
	"revision" integer NOT NULL,
	"content" jsonb NOT NULL,
	"sha256" char(64) NOT NULL,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"generated_at" timestamp with time zone NOT NULL,
	"generated_by" text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "reports_revision" ON "shared"."reports" USING btree ("region_code","month","revision");--> statement-breakpoint
-- A frozen report is never changed or removed, by any role: a correction is a new revision.
CREATE OR REPLACE FUNCTION shared.refuse_report_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'shared.reports is append-only: a correction is a new revision';
END
$$;
--> statement-breakpoint
CREATE TRIGGER reports_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON shared.reports FOR EACH STATEMENT EXECUTE FUNCTION shared.refuse_report_change();
