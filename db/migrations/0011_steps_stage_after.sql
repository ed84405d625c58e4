ALTER TABLE "shared"."steps" ADD COLUMN "stage_after" text;--> statement-breakpoint
CREATE INDEX "matters_created" ON "shared"."matters" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "steps_stage_after" ON "shared"."steps" USING btree ("stage_after","matter_id");