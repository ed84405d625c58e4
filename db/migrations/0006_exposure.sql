CREATE TABLE "mib"."exposure_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"exposure_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"status" text NOT NULL,
	"title" text NOT NULL,
	"subject_name" text NOT NULL,
	"credit_code" char(18),
	"behaviours" text[] NOT NULL,
	"amount_recovered" numeric(18, 2) NOT NULL,
	"penalties" text DEFAULT '' NOT NULL,
	"police_result" text DEFAULT '' NOT NULL,
	"court_result" text DEFAULT '' NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"correction_note" text,
	"drafted_by" text NOT NULL,
	"drafted_at" timestamp with time zone NOT NULL,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "mib"."exposures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" text NOT NULL,
	"kind" text NOT NULL,
	"region_code" char(6) NOT NULL,
	"matter_id" uuid NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone,
	"retracted_at" timestamp with time zone,
	"retracted_by" text,
	"retraction_notice" text
);
--> statement-breakpoint
CREATE UNIQUE INDEX "exposure_versions_number" ON "mib"."exposure_versions" USING btree ("exposure_id","number");--> statement-breakpoint
CREATE INDEX "exposures_public" ON "mib"."exposures" USING btree ("published_at","id");--> statement-breakpoint
CREATE INDEX "exposures_agency" ON "mib"."exposures" USING btree ("agency_id");--> statement-breakpoint
CREATE FUNCTION mib.keep_published_exposures() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.published_at IS NOT NULL AND (
    NEW.title, NEW.subject_name, NEW.credit_code, NEW.behaviours, NEW.amount_recovered, NEW.penalties,
    NEW.police_result, NEW.court_result, NEW.summary, NEW.correction_note, NEW.published_at
  ) IS DISTINCT FROM (
    OLD.title, OLD.subject_name, OLD.credit_code, OLD.behaviours, OLD.amount_recovered, OLD.penalties,
    OLD.police_result, OLD.court_result, OLD.summary, OLD.correction_note, OLD.published_at
  ) THEN
    RAISE EXCEPTION 'a published exposure version is never changed: correct it with a new version';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER exposure_versions_keep_published BEFORE UPDATE ON mib.exposure_versions FOR EACH ROW EXECUTE FUNCTION mib.keep_published_exposures();
--> statement-breakpoint
CREATE FUNCTION mib.refuse_published_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a published exposure version is never removed: retract the entry instead';
END
$$;
--> statement-breakpoint
CREATE TRIGGER exposure_versions_no_delete BEFORE DELETE ON mib.exposure_versions FOR EACH ROW WHEN (OLD.published_at IS NOT NULL) EXECUTE FUNCTION mib.refuse_published_delete();
