import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

// What the static Docker specs read: docker-compose.yml parsed as compose does, the Dockerfile,
// and the few compose rules (interpolation, list-or-map fields) the checks need; nothing needs Docker.

export interface BuildSpec {
  context?: string;
  dockerfile?: string;
  target?: string;
  args?: Record<string, unknown> | string[];
}

export interface ComposeService {
  image?: string;
  build?: string | BuildSpec;
  command?: string | string[];
  environment?: Record<string, unknown> | string[];
  depends_on?: string[] | Record<string, { condition?: string; required?: boolean }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  profiles?: string[];
  restart?: string;
  ports?: (string | number | { target: number; published?: string | number })[];
  volumes?: (string | { type?: string; source?: string; target: string })[];
}

export interface ComposeFile {
  version?: unknown;
  services: Record<string, ComposeService>;
}

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');
export const exists = (path: string) => existsSync(join(repoRoot, path));
// `merge: true` resolves the `<<: *anchor` keys the way docker compose does.
export const compose = parse(read('docker-compose.yml'), { merge: true }) as ComposeFile;
export const dockerfile = read('Dockerfile');

/** What a user must supply for `${VAR:?message}`; everything else takes its `${VAR:-default}`. */
const requiredFromUser: Record<string, string> = { ADMIN_TOKEN: 'a-token-chosen-by-the-user' };

export function service(name: string): ComposeService {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** Compose's variable interpolation, enough for this file: $$, ${VAR}, ${VAR:-default}, ${VAR:?error}. */
export function interpolate(value: string, env: Record<string, string> = requiredFromUser): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g, (match, name, op, arg) => {
    if (match === '$$') return '$';
    const set = env[name];
    const present = op?.startsWith(':') ? set !== undefined && set !== '' : set !== undefined;
    if (present) return set!;
    if (op?.endsWith('?')) throw new Error(`compose would stop: ${name} is required (${arg})`);
    return op?.endsWith('-') ? arg : '';
  });
}

/** A service's environment as compose passes it (after interpolation), list or map form alike. */
export function environmentOf(
  svc: ComposeService,
  variables: Record<string, string> = requiredFromUser,
): Record<string, string> {
  const raw = svc.environment ?? {};
  const entries = Array.isArray(raw)
    ? raw.map((item) => {
        const at = item.indexOf('=');
        return at === -1 ? [item, ''] : [item.slice(0, at), item.slice(at + 1)];
      })
    : Object.entries(raw).map(([key, value]) => [key, value === null ? '' : String(value)]);
  return Object.fromEntries(entries.map(([key, value]) => [key, interpolate(value!, variables)]));
}

/** An env file as `docker compose --env-file` reads it, on top of what the user must supply. */
export function envFile(path: string): Record<string, string> {
  const entries = read(path)
    .split('\n')
    .filter((line) => /^[A-Za-z_]\w*=/.test(line))
    .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]);
  return { ...requiredFromUser, ...Object.fromEntries(entries) };
}

export function dependenciesOf(svc: ComposeService): Record<string, string | undefined> {
  const raw = svc.depends_on ?? {};
  if (Array.isArray(raw)) return Object.fromEntries(raw.map((name) => [name, undefined]));
  return Object.fromEntries(Object.entries(raw).map(([name, spec]) => [name, spec?.condition]));
}

export function buildOf(svc: ComposeService): BuildSpec | undefined {
  return typeof svc.build === 'string' ? { context: svc.build } : svc.build;
}

export function buildArgs(build: BuildSpec | undefined): Record<string, string> {
  const raw = build?.args ?? {};
  if (Array.isArray(raw)) return Object.fromEntries(raw.map((item) => item.split(/=(.*)/s).slice(0, 2)));
  return Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, String(value)]));
}

/** Container ports a service publishes. */
export function containerPorts(svc: ComposeService): number[] {
  return (svc.ports ?? []).map((port) => {
    if (typeof port === 'object') return port.target;
    const spec = String(port).split('/')[0]!;
    return Number(spec.split(':').at(-1));
  });
}

/** A service's volumes, short syntax or long: a bind mount's source is a path such as ./infra/…. */
export function mountsOf(svc: ComposeService): { source: string; target: string }[] {
  return (svc.volumes ?? []).map((volume) => {
    if (typeof volume === 'object') return { source: volume.source ?? '', target: volume.target };
    const [source, target] = volume.split(':');
    return { source: source!, target: target! };
  });
}

/** Where a path inside the container comes from in the repository, through the service's bind mounts. */
export function repoPathOf(svc: ComposeService, containerPath: string): string {
  const mount = mountsOf(svc).find(
    ({ source, target }) =>
      source.startsWith('./') && (containerPath === target || containerPath.startsWith(`${target}/`)),
  );
  if (!mount) throw new Error(`${containerPath} is mounted from nowhere in the repository`);
  return `${mount.source.slice(2)}${containerPath.slice(mount.target.length)}`;
}

export const oneShot = (svc: ComposeService) => svc.restart === 'no';
export const healthTest = (svc: ComposeService) => [svc.healthcheck?.test ?? []].flat().join(' ');

/** An exact version: a digest, or a tag with at least major.minor, never `latest` or a bare major. */
export function pinningProblem(image: string): string | undefined {
  if (image.includes('$')) return 'comes from a variable';
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return undefined;
  const name = image.slice(image.lastIndexOf('/') + 1);
  const tag = name.includes(':') ? name.slice(name.indexOf(':') + 1) : undefined;
  if (tag === undefined) return 'has no tag (means latest)';
  if (tag === 'latest') return 'is tagged latest';
  if (!/^v?\d+\.\d+/.test(tag)) return `tag "${tag}" is not an exact version`;
  return undefined;
}

export const hostOf = (url: string) => new URL(url).host;
