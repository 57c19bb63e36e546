-- IF NOT EXISTS: in databases created before the runtime owned these tables, the service's own
-- migrations made them, with the same definitions; they are kept as they are.
CREATE TABLE IF NOT EXISTS "inbox" (
	"consumer_group" text NOT NULL,
	"event_id" uuid NOT NULL,
	"topic" text NOT NULL,
	"partition" integer NOT NULL,
	"offset" bigint NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_consumer_group_event_id_pk" PRIMARY KEY("consumer_group","event_id")
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"topic" text NOT NULL,
	"message_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"headers" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "outbox_event_id_unique" UNIQUE("event_id")
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "outbox_unpublished" ON "outbox" USING btree ("id") WHERE "outbox"."published_at" is null;