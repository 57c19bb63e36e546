-- A database from before the watermark starts it where its inbox ends: every offset up to the
-- last one a group recorded per partition was handled, so a replay right after the upgrade skips
-- it even once INBOX_RETENTION has pruned the inbox. Dead letters from before are not listed;
-- one whose key is still blocked is listed when it comes again (parking's `unapplied`).
INSERT INTO "applied_offsets" ("consumer_group", "topic", "partition", "offset")
SELECT "consumer_group", "topic", "partition", max("offset") FROM "inbox"
GROUP BY "consumer_group", "topic", "partition"
ON CONFLICT ("consumer_group", "topic", "partition") DO UPDATE
SET "offset" = excluded."offset", "advanced_at" = excluded."advanced_at"
WHERE "applied_offsets"."offset" < excluded."offset";
