import { readdirSync, readFileSync } from 'node:fs';
import type { MeasuredProcess } from './result';

// Linux reports CPU time in clock ticks; 100 per second on every mainstream kernel config.
const ticksPerSecond = 100;

interface Sample {
  cpuSeconds: number;
  rssMb: number;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process is gone
  }
}

function sampleOne(pid: number): (Sample & { peakRssMb: number }) | undefined {
  const stat = read(`/proc/${pid}/stat`);
  const status = read(`/proc/${pid}/status`);
  if (!stat || !status) return undefined;
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return {
    cpuSeconds: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond,
    rssMb: kb('VmRSS') / 1024,
    peakRssMb: kb('VmHWM') / 1024,
  };
}

function childrenByParent(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = read(`/proc/${pid}/stat`);
    if (!stat) continue;
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  return children;
}

/** The process and all its descendants (Postgres serves each connection from a child process). */
function tree(root: number, children: Map<number, number[]>): number[] {
  const all: number[] = [];
  for (const queue = [root]; queue.length > 0; ) {
    const pid = queue.shift()!;
    all.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return all;
}

/**
 * CPU seconds used during the run and peak resident memory, per named process tree. For a
 * single process the kernel's own high-water mark is used; for a tree, the highest sum seen.
 */
export class ProcessMonitor {
  private readonly baseline = new Map<string, number>();
  private readonly peaks = new Map<string, number>();
  private readonly last = new Map<string, Sample>();
  private readonly startedAt = performance.now();

  /** `trees`: names whose child processes count too (Postgres serves each connection from one). */
  constructor(
    private readonly pids: Record<string, number>,
    private readonly trees: ReadonlySet<string> = new Set(),
  ) {
    const children = childrenByParent();
    for (const [name, pid] of Object.entries(pids))
      this.baseline.set(name, this.sample(name, pid, children)?.cpuSeconds ?? 0);
  }

  /** Call every second or so while the load runs. */
  tick(): void {
    const children = childrenByParent();
    for (const [name, pid] of Object.entries(this.pids)) this.sample(name, pid, children);
  }

  /** CPU used since construction and peak RSS, per process, and the seconds measured over. */
  figures(): { processes: Record<string, MeasuredProcess>; windowSeconds: number } {
    this.tick();
    const processes = Object.fromEntries(
      Object.entries(this.pids).map(([name, pid]) => [
        name,
        {
          pid,
          // Hundredths: the kernel counts in ticks of 10 ms, and an idle process uses few of them.
          cpuSeconds:
            Math.round(((this.last.get(name)?.cpuSeconds ?? 0) - (this.baseline.get(name) ?? 0)) * 100) / 100,
          peakRssMb: Math.round(this.peaks.get(name) ?? 0),
        },
      ]),
    );
    return { processes, windowSeconds: (performance.now() - this.startedAt) / 1000 };
  }

  /** Resident memory at the latest tick, MB, of the named processes that were seen. */
  rssMb(names: readonly string[]): Record<string, number> {
    return Object.fromEntries(
      names.flatMap((name) => {
        const sample = this.last.get(name);
        return sample ? [[name, Math.round(sample.rssMb * 10) / 10]] : [];
      }),
    );
  }

  private sample(name: string, pid: number, children: Map<number, number[]>): Sample | undefined {
    const pids = this.trees.has(name) ? tree(pid, children) : [pid];
    const samples = pids.flatMap((one) => {
      const sample = sampleOne(one);
      return sample ? [sample] : [];
    });
    if (samples.length === 0) return undefined;
    const total = {
      cpuSeconds: samples.reduce((sum, s) => sum + s.cpuSeconds, 0),
      rssMb: samples.reduce((sum, s) => sum + s.rssMb, 0),
    };
    const peak = samples.length === 1 ? samples[0]!.peakRssMb : total.rssMb;
    this.peaks.set(name, Math.max(this.peaks.get(name) ?? 0, peak));
    this.last.set(name, total);
    return total;
  }
}
