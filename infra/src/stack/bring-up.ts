import type { Component } from './components/component';

type Installable = Pick<Component, 'name' | 'installed' | 'install'>;

export interface BringUp {
  /** What `start` said it started, in start order; deferred components join once started. */
  started: string[];
  /** The deferrable components that still had to be installed, left to the background. */
  deferred: string[];
  /** Settles once every deferred component runs; resolves to their names. */
  later: Promise<string[]>;
}

/**
 * Every install starts at once (Maven's download and Go's build do not wait on each other), and
 * each component starts, in the given order, as soon as its own install is done. A `deferrable`
 * component that still has to be fetched or built does not hold the others back: it is installed
 * and started in the background (`startLater`), and `later` says when.
 */
export async function bringUp<C extends Installable>(
  components: readonly C[],
  deferrable: readonly string[],
  start: (component: C) => Promise<boolean>,
  startLater: (component: C) => Promise<boolean> = start,
): Promise<BringUp> {
  const deferred: C[] = [];
  for (const component of components) {
    if (deferrable.includes(component.name) && !(await component.installed())) deferred.push(component);
  }
  const installs = new Map(components.map((component) => [component.name, component.install()]));
  // Whoever awaits an install hears of its failure; a deferred one's reaches `later`, not the void.
  for (const install of installs.values()) install.catch(() => {});
  const started: string[] = [];
  for (const component of components) {
    if (deferred.includes(component)) continue;
    await installs.get(component.name);
    if (await start(component)) started.push(component.name);
  }
  const later = Promise.all(
    deferred.map(async (component) => {
      await installs.get(component.name);
      if (await startLater(component)) started.push(component.name);
      return component.name;
    }),
  );
  return { started, deferred: deferred.map((component) => component.name), later };
}
