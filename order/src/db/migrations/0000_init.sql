CREATE TABLE "orders" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"status" text NOT NULL,
	"items" jsonb NOT NULL,
	"currency" text NOT NULL,
	"total_cents" bigint,
	"cancellation_reason" text,
	"idempotency_key" text,
	"request_hash" text,
	"deadline_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "orders_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE INDEX "orders_customer_created" ON "orders" USING btree ("customer_id","created_at","order_id");
--> statement-breakpoint
CREATE INDEX "orders_created" ON "orders" USING btree ("created_at","order_id");
--> statement-breakpoint
CREATE INDEX "orders_pending_deadline" ON "orders" USING btree ("deadline_at") WHERE "orders"."status" = 'PENDING';
