-- Edited after drizzle-kit generate: rows written before occurred_at existed cannot have it set by a
-- NOT NULL column without a default, so they take the time they were sent, the closest one known.
ALTER TABLE "notifications" ADD COLUMN "occurred_at" timestamp with time zone;--> statement-breakpoint
UPDATE "notifications" SET "occurred_at" = "created_at";--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "occurred_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "delivery" text DEFAULT 'SENT' NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "suppressed_by" uuid;
