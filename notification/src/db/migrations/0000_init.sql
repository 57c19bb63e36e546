CREATE TABLE "notifications" (
	"notification_id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"customer_id" text NOT NULL,
	"kind" text NOT NULL,
	"reason" text,
	"channel" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"event_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "notifications_order_kind" UNIQUE("order_id","kind")
);
