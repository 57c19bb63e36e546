ALTER TABLE "orders" ADD COLUMN "settled_at" timestamp with time zone;--> statement-breakpoint
-- The first outcome the read model saw; without one (it lagged behind), the order's last change.
UPDATE "orders" SET "settled_at" = coalesce(
	(SELECT least("analytics_orders"."confirmed_at", "analytics_orders"."cancelled_at") FROM "analytics_orders" WHERE "analytics_orders"."order_id" = "orders"."order_id"),
	"orders"."updated_at"
) WHERE "orders"."status" <> 'PENDING';--> statement-breakpoint
DROP TABLE "analytics_orders" CASCADE;
