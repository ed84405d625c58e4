ALTER TABLE "shared"."people" DROP COLUMN "position";--> statement-breakpoint
ALTER TABLE "shared"."people" DROP COLUMN "certificate_no";