import { appendFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../stack/settings';

export const auditLogFile = process.env.REPLAY_AUDIT_LOG ?? join(repoRoot, 'replay-audit.log');

/** One JSON line per offset change: who, when, what. */
export function audit(entry: Record<string, unknown>): void {
  const record = { at: new Date().toISOString(), who: `${userInfo().username}@${hostname()}`, ...entry };
  appendFileSync(auditLogFile, `${JSON.stringify(record)}\n`);
}
