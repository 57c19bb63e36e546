import type { BenchResult } from './result';

// Shared by the terminal summary and the HTML report so both show the same figure the same way.

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const count = (n: number): string => whole.format(n);
export const decimal = (n: number): string => oneDecimal.format(n);

/** Ratios are fractions of the reference limit; null when there was nothing to compare. */
export const percent = (ratio: number | null): string =>
  ratio === null ? 'n/a' : `${oneDecimal.format(ratio * 100)} %`;

export const total = (counts: Record<string, number>): number =>
  Object.values(counts).reduce((sum, n) => sum + n, 0);

export function describeLoad({ mode, rate, concurrency }: BenchResult['settings']): string {
  if (mode === 'idle') return 'idle, no orders';
  if (mode === 'open') return `open loop at ${rate === null ? '?' : count(rate)} orders/s`;
  return `closed loop, ${concurrency === null ? '?' : count(concurrency)} orders in flight`;
}

export function describeMix({ confirmed, outOfStock, declined }: BenchResult['settings']['mix']): string {
  return `${confirmed} confirmed / ${outOfStock} out of stock / ${declined} declined`;
}

/** Most frequent first, so a cut-off line still names what mattered. */
export function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort(([, a], [, b]) => b - a)
    .map(([name, n]) => `${name} ×${count(n)}`)
    .join(', ');
}

export const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

/** Error texts come from other processes: keep them on one line and without terminal control codes. */
export function oneLine(text: string, max: number): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return clip(text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim(), max);
}

/** A change with its sign, e.g. "+1.2" or "-0.4"; whole numbers from 100 up. */
export function signed(n: number): string {
  const text = Math.abs(n) >= 100 ? count(n) : decimal(n);
  return n > 0 ? `+${text}` : text === '-0.0' ? '0.0' : text;
}

/** A figure that may be missing (older results, idle runs): "—" then. */
export const maybe = (n: number | null | undefined, show: (n: number) => string = decimal): string =>
  n === null || n === undefined ? '—' : show(n);
