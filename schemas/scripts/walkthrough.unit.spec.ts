import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { eventTopics } from '../src/generated';
import { sagaGaps } from '../src/saga';
import { readAvscFiles, render } from './generate';

// Replays docs/adding-an-event-type.md on an in-memory copy of the tree: its code blocks are
// applied where the page says, and the TypeScript compiler must point exactly where the page says.

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const at = (path: string) => resolve(repoRoot, path);
const page = readFileSync(at('docs/adding-an-event-type.md'), 'utf8');

function block(info: string): string {
  const found = new RegExp(`\`\`\`\\w+ ${info}\\n([\\s\\S]*?)\`\`\``).exec(page);
  if (!found?.[1]) throw new Error(`docs/adding-an-event-type.md has no code block "${info}"`);
  return found[1];
}

/** `text` with `anchor`, which must occur exactly once, changed. */
function edit(text: string, anchor: string, change: (anchor: string) => string): string {
  expect(text.split(anchor), `anchor not found once: ${anchor}`).toHaveLength(2);
  return text.replace(anchor, change(anchor));
}

const probePath = at('notification/src/walkthrough-probe.ts');
// Notification publishing the new event, as its decider will once the declaration allows it.
const probe = `import type { HandlerContext } from '@saga/saga-runtime';
import type { EventMap, ProducedBy } from '@saga/schemas';
export const announce = (
  publish: HandlerContext<EventMap, ProducedBy<'notification'>>['publish'],
  event: EventMap['notification.sent'],
) => publish('notification.sent', event);
`;

const config = ts.getParsedCommandLineOfConfigFile(
  at('tsconfig.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  },
);
if (!config) throw new Error('tsconfig.json could not be read');

let previous: ts.Program | undefined;

/** Type errors of the services' entry points with `overlay` in place of the files on disk. */
function compile(overlay: Map<string, string>): string[] {
  const host = ts.createCompilerHost(config!.options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (file) => overlay.get(resolve(file)) ?? readFile(file);
  host.fileExists = (file) => overlay.has(resolve(file)) || fileExists(file);
  const rootNames = ['order/src/main.ts', 'notification/src/main.ts', 'schemas/src/index.ts']
    .map(at)
    .concat(overlay.has(probePath) ? [probePath] : []);
  const program = ts.createProgram({ rootNames, options: config!.options, host, oldProgram: previous });
  previous = program;
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const file = diagnostic.file ? diagnostic.file.fileName.slice(repoRoot.length) : '';
    return `${file}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
  });
}

describe('the walk-through for adding an event type', () => {
  const overlay = new Map<string, string>();

  it('1. the schema: the event gets its type, and the saga check says that nobody publishes it', () => {
    const files = [
      ...readAvscFiles(),
      { topic: 'notification.sent', text: block('file=schemas/avro/notification.sent.avsc') },
    ];
    const generated = render(files);
    expect(generated).toContain("'notification.sent': NotificationSent;");
    overlay.set(at('schemas/src/generated.ts'), generated);
    overlay.set(probePath, probe);

    const errors = compile(overlay);
    // Nothing else fails to compile, but notification may not publish a topic it does not declare.
    expect(errors.filter((error) => !error.startsWith('notification/src/walkthrough-probe.ts'))).toEqual([]);
    expect(errors.join('\n')).toContain('"notification.sent"');
    expect(sagaGaps([...eventTopics, 'notification.sent'])[0]).toMatch(
      /notification\.sent: no participant says it/,
    );
  }, 240_000);

  it('2. the declaration: the compiler points at the order handler that is missing, and nothing else', () => {
    let saga = readFileSync(at('schemas/src/saga.ts'), 'utf8');
    saga = edit(
      saga,
      "const notifyCustomer = { does: 'tells the customer, once per outcome', says: [] } as const;",
      () => block('step=notification-says').trim(),
    );
    // The order participant's reactions: its first reaction is to payment.completed.
    saga = edit(saga, "    reactions: {\n      'payment.completed'", (anchor) =>
      anchor.replace('{\n', `{\n${block('step=order-reacts')}`),
    );
    overlay.set(at('schemas/src/saga.ts'), saga);

    const errors = compile(overlay);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^order\/src\/messaging\/handlers\.ts: Property '"notification\.sent"' is missing/,
    );
  }, 240_000);

  it('3. the handler: everything compiles again', () => {
    const handlers = readFileSync(at('order/src/messaging/handlers.ts'), 'utf8');
    const lastEntry = handlers.lastIndexOf('\n});');
    expect(lastEntry).toBeGreaterThan(0);
    overlay.set(
      at('order/src/messaging/handlers.ts'),
      `${handlers.slice(0, lastEntry)}\n${block('step=order-handler')}${handlers.slice(lastEntry + 1)}`,
    );
    expect(compile(overlay)).toEqual([]);
  }, 240_000);

  it('names the files it edits, and they exist', () => {
    for (const path of [
      'schemas/src/saga.ts',
      'order/src/messaging/handlers.ts',
      'notification/src/domain/notification.ts',
    ]) {
      expect(page).toContain(path);
      expect(() => readFileSync(join(repoRoot, path))).not.toThrow();
    }
  });
});
