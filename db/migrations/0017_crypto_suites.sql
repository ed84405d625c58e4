-- HUB_CRYPTO: every digest, chain entry and signature records its algorithm (domain/crypto.ts).
ALTER TABLE "audit"."events" ADD COLUMN "hash_algorithm" text DEFAULT 'SHA-256' NOT NULL;--> statement-breakpoint
ALTER TABLE "shared"."document_files" RENAME COLUMN "sha256" TO "digest";--> statement-breakpoint
ALTER TABLE "shared"."document_files" ADD COLUMN "digest_algorithm" text DEFAULT 'SHA-256' NOT NULL;--> statement-breakpoint
ALTER TABLE "shared"."reports" RENAME COLUMN "sha256" TO "digest";--> statement-breakpoint
ALTER TABLE "shared"."reports" RENAME COLUMN "xlsx_sha256" TO "xlsx_digest";--> statement-breakpoint
ALTER TABLE "shared"."reports" RENAME COLUMN "csv_sha256" TO "csv_digest";--> statement-breakpoint
ALTER TABLE "shared"."reports" ADD COLUMN "digest_algorithm" text DEFAULT 'SHA-256' NOT NULL;--> statement-breakpoint
ALTER TABLE "shared"."reports" ADD COLUMN "xlsx_signature" jsonb;--> statement-breakpoint
ALTER TABLE "shared"."reports" ADD COLUMN "csv_signature" jsonb;--> statement-breakpoint
ALTER TABLE "mib"."exposure_versions" ADD COLUMN "signed_content" text;--> statement-breakpoint
ALTER TABLE "mib"."exposure_versions" ADD COLUMN "signature" jsonb;--> statement-breakpoint
-- A published version's signature and what it signed are as fixed as its text.
CREATE OR REPLACE FUNCTION mib.keep_published_exposures() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.published_at IS NOT NULL AND (
    NEW.title, NEW.subject_name, NEW.credit_code, NEW.behaviours, NEW.amount_recovered, NEW.penalties,
    NEW.police_result, NEW.court_result, NEW.summary, NEW.correction_note, NEW.published_at,
    NEW.signed_content, NEW.signature
  ) IS DISTINCT FROM (
    OLD.title, OLD.subject_name, OLD.credit_code, OLD.behaviours, OLD.amount_recovered, OLD.penalties,
    OLD.police_result, OLD.court_result, OLD.summary, OLD.correction_note, OLD.published_at,
    OLD.signed_content, OLD.signature
  ) THEN
    RAISE EXCEPTION 'a published exposure version is never changed: correct it with a new version';
  END IF;
  RETURN NEW;
END
$$;
