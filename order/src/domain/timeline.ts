/** One event of a saga as the timeline shows it. */
export interface TimelineEntry {
  eventId: string;
  orderId: string;
  topic: string;
  partition: number;
  offset: number;
  producer: string;
  causationId: string | null;
  traceId: string | null;
  occurredAt: Date;
}

/**
 * Whether the timeline keeps an event: it holds `retentionMs` of history, so an older one (a
 * replay, or old bytes published again) is not recorded again once pruned.
 */
export function isRetained(
  entry: Pick<TimelineEntry, 'occurredAt'>,
  now: Date,
  retentionMs: number,
): boolean {
  return entry.occurredAt.getTime() >= now.getTime() - retentionMs;
}

/**
 * Causal order: every event after the event that caused it (its causation id), siblings by time.
 * Topics are not ordered relative to each other, so arrival order alone would be misleading.
 * An event whose cause is not recorded starts a branch of its own, in time order.
 */
export function causalOrder(entries: TimelineEntry[]): TimelineEntry[] {
  const byTime = [...entries].sort(
    (a, b) =>
      a.occurredAt.getTime() - b.occurredAt.getTime() ||
      a.topic.localeCompare(b.topic) ||
      a.offset - b.offset,
  );
  const known = new Set(byTime.map((entry) => entry.eventId));
  const children = new Map<string, TimelineEntry[]>();
  const roots: TimelineEntry[] = [];
  for (const entry of byTime) {
    if (entry.causationId && known.has(entry.causationId) && entry.causationId !== entry.eventId) {
      children.set(entry.causationId, [...(children.get(entry.causationId) ?? []), entry]);
    } else {
      roots.push(entry);
    }
  }
  const ordered: TimelineEntry[] = [];
  const visited = new Set<string>();
  const visit = (entry: TimelineEntry) => {
    if (visited.has(entry.eventId)) return;
    visited.add(entry.eventId);
    ordered.push(entry);
    for (const child of children.get(entry.eventId) ?? []) visit(child);
  };
  for (const root of roots) visit(root);
  // A causation cycle (only possible with forged ids) must not hide events.
  for (const entry of byTime) visit(entry);
  return ordered;
}
