import { type Better, figuresOf, type StoredResult } from './figures';
import { clip, describeLoad, signed } from './format';
import type { BenchResult } from './result';
import { round } from './stats';

export interface Delta {
  name: string;
  better: Better;
  earlier: number | null;
  later: number | null;
  /** later − earlier; null when either is missing. */
  change: number | null;
  /** The change as a percentage of the earlier figure; null when that is missing or zero. */
  percent: number | null;
  /** Whether the change is an improvement; null for figures with no better direction or no change known. */
  verdict: 'better' | 'worse' | 'same' | null;
}

function verdictOf(better: Better, change: number | null): Delta['verdict'] {
  if (better === null || change === null) return null;
  if (change === 0) return 'same';
  return (better === 'lower') === change < 0 ? 'better' : 'worse';
}

/** Each figure of either result, earlier against later, in the later result's order. */
export function compareResults(earlier: StoredResult, later: StoredResult): Delta[] {
  const before = new Map(figuresOf(earlier).map((figure) => [figure.name, figure]));
  const after = figuresOf(later);
  const names = new Set(after.map((figure) => figure.name));
  const all = [...after, ...[...before.values()].filter((figure) => !names.has(figure.name))];
  return all.map(({ name, better }) => {
    const from = before.get(name)?.value ?? null;
    const to = after.find((figure) => figure.name === name)?.value ?? null;
    const change = from === null || to === null ? null : round(to - from, 3);
    return {
      name,
      better,
      earlier: from,
      later: to,
      change,
      percent: change === null || !from ? null : round((change / Math.abs(from)) * 100, 1),
      verdict: verdictOf(better, change),
    };
  });
}

const NAME = 48;
const upToTwo = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const show = (n: number | null): string => (n === null ? '—' : upToTwo.format(n));
const arrow: Record<'lower' | 'higher', string> = { lower: '↓', higher: '↑' };

function describe(result: StoredResult): string {
  const settings = result.settings as BenchResult['settings'] | undefined;
  const load = settings?.mode ? describeLoad(settings) : 'unknown load';
  return `${result.startedAt ?? '?'} (${load}, ${settings?.durationSeconds ?? '?'} s)`;
}

/** The comparison as a terminal table: ↓ lower is better, ↑ higher is better, then better or worse. */
export function renderComparison(earlier: StoredResult, later: StoredResult): string {
  const row = (cells: string[]) =>
    `${cells[0]!.padEnd(NAME + 2)}${cells
      .slice(1, 5)
      .map((cell) => cell.padStart(10))
      .join('')}  ${cells[5] ?? ''}`.trimEnd();
  const deltas = compareResults(earlier, later);
  const tally = (verdict: Delta['verdict']) => deltas.filter((delta) => delta.verdict === verdict).length;
  const lines = [
    `Compared: ${describe(earlier)} → ${describe(later)}`,
    '↓ lower is better, ↑ higher is better; better or worse by the sign alone, whatever the noise',
    row(['  figure', 'earlier', 'this', 'change', 'change %', '']),
    ...deltas.map((delta) =>
      row([
        `${delta.better ? arrow[delta.better] : ' '} ${clip(delta.name, NAME)}`,
        show(delta.earlier),
        show(delta.later),
        delta.change === null ? '—' : `${delta.change > 0 ? '+' : ''}${show(delta.change)}`,
        delta.percent === null ? '—' : `${signed(delta.percent)} %`,
        delta.verdict === 'same' ? '' : (delta.verdict ?? ''),
      ]),
    ),
    `${tally('better')} better, ${tally('worse')} worse, ${tally('same')} the same ` +
      `(of ${deltas.filter((delta) => delta.better).length} figures with a better direction)`,
  ];
  return `${lines.join('\n')}\n`;
}
