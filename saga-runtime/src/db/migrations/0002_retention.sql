CREATE TABLE "applied_offsets" (
	"consumer_group" text NOT NULL,
	"topic" text NOT NULL,
	"partition" integer NOT NULL,
	"offset" bigint NOT NULL,
	"advanced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "applied_offsets_consumer_group_topic_partition_pk" PRIMARY KEY("consumer_group","topic","partition")
);
--> statement-breakpoint
CREATE TABLE "dead_lettered_offsets" (
	"consumer_group" text NOT NULL,
	"topic" text NOT NULL,
	"partition" integer NOT NULL,
	"offset" bigint NOT NULL,
	"event_id" text,
	"dead_lettered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dead_lettered_offsets_consumer_group_topic_partition_offset_pk" PRIMARY KEY("consumer_group","topic","partition","offset")
);
--> statement-breakpoint
CREATE INDEX "dead_lettered_offsets_event" ON "dead_lettered_offsets" USING btree ("consumer_group","event_id");--> statement-breakpoint
CREATE INDEX "inbox_processed_at" ON "inbox" USING btree ("processed_at");