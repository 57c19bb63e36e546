import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generate, generatedPath, render } from './generate';

const widget = {
  type: 'record',
  name: 'WidgetMade',
  namespace: 'test.events',
  doc: 'A widget came off the line.',
  fields: [
    { name: 'id', type: { type: 'string', logicalType: 'uuid' } },
    { name: 'madeAt', type: { type: 'long', logicalType: 'timestamp-millis' }, doc: 'Epoch millis.' },
    { name: 'count', type: 'int' },
    { name: 'colour', type: { type: 'enum', name: 'Colour', symbols: ['RED', 'BLUE'], default: 'RED' } },
    {
      name: 'parts',
      type: {
        type: 'array',
        items: { type: 'record', name: 'Part', fields: [{ name: 'sku', type: 'string' }] },
      },
    },
    { name: 'spare', type: ['null', 'test.events.Part'], default: null },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
};

describe('generate', () => {
  const code = generate([{ topic: 'widget.made', text: JSON.stringify(widget) }]);

  it('maps Avro types onto TypeScript', () => {
    expect(code).toContain('/** A widget came off the line. */\nexport interface WidgetMade {');
    expect(code).toContain('id: string;');
    expect(code).toContain('/** Epoch millis. */\nmadeAt: number;');
    expect(code).toContain('count: number;');
    expect(code).toContain('colour: Colour;');
    expect(code).toContain("export type Colour = 'RED' | 'BLUE';");
    expect(code).toContain('parts: Part[];');
    expect(code).toContain('export interface Part {\nsku: string;\n}');
    expect(code).toContain('spare: Part | null;');
    expect(code).toContain('note: string | null;');
  });

  it('emits the schema map, EventMap and topic tuple', () => {
    expect(code).toContain(`'widget.made': ${JSON.stringify(widget, null, 2)},`);
    expect(code).toContain("export type EventMap = {\n'widget.made': WidgetMade;\n}");
    expect(code).toContain("export const eventTopics = ['widget.made'] as const;");
  });

  it('refuses schemas avsc rejects and clashing names', () => {
    const badDefault = { ...widget, fields: [{ name: 'n', type: 'int', default: 'x' }] };
    expect(() => generate([{ topic: 'bad', text: JSON.stringify(badDefault) }])).toThrow();
    const clash = {
      type: 'record',
      name: 'Other',
      fields: [{ name: 'p', type: { type: 'record', name: 'Part', fields: [] } }],
    };
    expect(() =>
      generate([
        { topic: 'a', text: JSON.stringify(widget) },
        { topic: 'b', text: JSON.stringify(clash) },
      ]),
    ).toThrow(/Part is defined twice/);
  });
});

describe('src/generated.ts', () => {
  it('is up to date with schemas/avro (run `pnpm schemas:gen` if this fails)', () => {
    expect(readFileSync(generatedPath, 'utf8')).toBe(render());
  });
});
