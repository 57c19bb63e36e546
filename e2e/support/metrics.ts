/** Sums the samples of `name` whose labels include `labels`, from Prometheus' text format. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) total += Number(match[3]);
  }
  return total;
}

/** The metric families of a Prometheus text exposition, by name, with their type (`# TYPE` lines). */
export function families(text: string): Map<string, string> {
  return new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, type]) => [name!, type!]));
}

/** Whether an exposition of these families holds `series`: a family's own, or a histogram's _bucket, _sum or _count. */
export function exposes(exposed: Map<string, string>, series: string): boolean {
  const histogram = /^(.+)_(bucket|sum|count)$/.exec(series)?.[1];
  return (
    (exposed.has(series) && exposed.get(series) !== 'histogram') ||
    (histogram !== undefined && exposed.get(histogram) === 'histogram')
  );
}
