ALTER TABLE "shared"."reports" ADD COLUMN "pdf" "bytea";--> statement-breakpoint
ALTER TABLE "shared"."reports" ADD COLUMN "pdf_digest" char(64);--> statement-breakpoint
ALTER TABLE "shared"."reports" ADD COLUMN "pdf_signature" jsonb;