/**
 * The keys a group member may find blocked, kept in memory so that a run whose keys are all open
 * (nearly every run) costs no query. A key is blocked only by the member that owns its partition,
 * when it dead-letters one of its messages; so the set is loaded whenever the member joins the
 * group (it may own other partitions now) and grows with every block it makes. A key the operator
 * opened since (`pnpm dlq discard`) is still in the set: its next run asks the database and drops it.
 */
export interface ParkingIndex {
  /** Of these keys, those that may be blocked (ask the database about those). */
  suspects(keys: string[]): Promise<string[]>;
  blocked(key: string): void;
  opened(key: string): void;
  /** After joining the group: load the set again before the next run is checked. */
  reload(): void;
}

export function parkingIndex(load: () => Promise<string[]>): ParkingIndex {
  let keys: Promise<Set<string>> | undefined;
  const reload = () => {
    const loading = load().then((loaded) => new Set(loaded));
    // A failed load (the database away) is retried by the next check, not remembered.
    loading.catch(() => {
      if (keys === loading) keys = undefined;
    });
    keys = loading;
    return loading;
  };
  return {
    async suspects(candidates) {
      const set = await (keys ?? reload());
      return candidates.filter((key) => set.has(key));
    },
    blocked(key) {
      void keys?.then((set) => set.add(key));
    },
    opened(key) {
      void keys?.then((set) => set.delete(key));
    },
    reload: () => void reload(),
  };
}
