CREATE TABLE "shared"."certificates" (
	"number" text PRIMARY KEY NOT NULL,
	"person_id" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL
);
--> statement-breakpoint
ALTER TABLE "shared"."people" ALTER COLUMN "position" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "shared"."agencies" ADD COLUMN "deactivated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "shared"."people" ADD COLUMN "issuer" text;--> statement-breakpoint
ALTER TABLE "shared"."people" ADD COLUMN "subject" text;--> statement-breakpoint
ALTER TABLE "shared"."people" ADD COLUMN "positions" text[];--> statement-breakpoint
ALTER TABLE "shared"."people" ADD COLUMN "active_from" date;--> statement-breakpoint
ALTER TABLE "shared"."people" ADD COLUMN "active_to" date;--> statement-breakpoint
ALTER TABLE "shared"."people" ADD COLUMN "deactivated_at" timestamp with time zone;--> statement-breakpoint
-- Until now only the demo province could be in the registry: its people keep their ids as subjects of the dev issuer.
UPDATE "shared"."people" SET "issuer" = 'urn:yibao-hub:dev', "subject" = "id", "positions" = ARRAY["position"], "active_from" = DATE '2024-01-01';--> statement-breakpoint
INSERT INTO "shared"."certificates" ("number", "person_id", "valid_from", "valid_to")
  SELECT "certificate_no", "id", DATE '2024-01-01', DATE '2029-12-31' FROM "shared"."people" WHERE "certificate_no" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "shared"."people" ALTER COLUMN "issuer" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "shared"."people" ALTER COLUMN "subject" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "shared"."people" ALTER COLUMN "positions" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "shared"."people" ALTER COLUMN "active_from" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "shared"."certificates" ADD CONSTRAINT "certificates_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "shared"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "certificates_person" ON "shared"."certificates" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "people_identity" ON "shared"."people" USING btree ("issuer","subject");
