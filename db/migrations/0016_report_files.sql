ALTER TABLE "shared"."reports" ADD COLUMN "xlsx" "bytea";--> statement-breakpoint
ALTER TABLE "shared"."reports" ADD COLUMN "xlsx_sha256" char(64);--> statement-breakpoint
ALTER TABLE "shared"."reports" ADD COLUMN "csv" "bytea";--> statement-breakpoint
ALTER TABLE "shared"."reports" ADD COLUMN "csv_sha256" char(64);