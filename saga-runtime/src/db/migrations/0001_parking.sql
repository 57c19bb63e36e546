-- IF NOT EXISTS: in databases created before the runtime owned these tables, the service's own
-- migrations made them, with the same definitions; they are kept as they are.
CREATE TABLE IF NOT EXISTS "parked_keys" (
	"consumer_group" text NOT NULL,
	"message_key" text NOT NULL,
	"event_id" text,
	"dlq_partition" integer NOT NULL,
	"dlq_offset" bigint NOT NULL,
	"redrive" boolean DEFAULT false NOT NULL,
	"parked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "parked_keys_consumer_group_message_key_pk" PRIMARY KEY("consumer_group","message_key")
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "parked_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"consumer_group" text NOT NULL,
	"message_key" text NOT NULL,
	"topic" text NOT NULL,
	"partition" integer NOT NULL,
	"offset" bigint NOT NULL,
	"value" text,
	"headers" jsonb NOT NULL,
	"parked_at" timestamp with time zone DEFAULT now() NOT NULL
);
