CREATE TABLE "saga_timeline" (
	"event_id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"topic" text NOT NULL,
	"partition" integer NOT NULL,
	"offset" bigint NOT NULL,
	"producer" text NOT NULL,
	"causation_id" uuid,
	"trace_id" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "saga_timeline_order" ON "saga_timeline" USING btree ("order_id","occurred_at");