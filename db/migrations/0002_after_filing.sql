ALTER TABLE "shared"."matters" ADD COLUMN "court_agency_id" text;--> statement-breakpoint
ALTER TABLE "shared"."matters" ADD COLUMN "police_case_number" text;--> statement-breakpoint
ALTER TABLE "shared"."matters" ADD COLUMN "procuratorate_case_number" text;--> statement-breakpoint
ALTER TABLE "shared"."matters" ADD COLUMN "court_case_number" text;