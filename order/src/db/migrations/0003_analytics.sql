CREATE TABLE "analytics_orders" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"total_cents" bigint,
	"cancelled_at" timestamp with time zone,
	"cancellation_reason" text
);
