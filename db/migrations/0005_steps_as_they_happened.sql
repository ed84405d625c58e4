ALTER TABLE "shared"."clocks" ADD COLUMN "variant" text DEFAULT 'STANDARD' NOT NULL;--> statement-breakpoint
ALTER TABLE "shared"."clocks" ADD COLUMN "pending_reason" text;--> statement-breakpoint
ALTER TABLE "shared"."steps" ADD COLUMN "recorded_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
UPDATE "shared"."steps" SET "recorded_at" = "taken_at";
