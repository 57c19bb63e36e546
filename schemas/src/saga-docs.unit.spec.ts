import { describe, expect, it } from 'vitest';
import { generatedBegin, generatedEnd, sagaDiagram, sagaTable, withSagaSection } from './saga-docs';

describe('the saga section of the README', () => {
  it('numbers the steps along the longest chain from placing an order', () => {
    const lines = sagaTable().split('\n');
    const stepOf = (hears: string, service: string) =>
      lines
        .find((line) => line.includes(`\`${hears}\``) && line.includes(` ${service} `))
        ?.split('|')[1]
        ?.trim();
    expect(stepOf('POST /orders', 'order')).toBe('1');
    expect(stepOf('order.created', 'inventory')).toBe('2');
    expect(stepOf('inventory.reserved', 'payment')).toBe('3');
    expect(stepOf('payment.completed', 'order')).toBe('4');
    expect(stepOf('order.cancelled', 'payment')).toBe('5');
    expect(stepOf('POST /orders/{id}/cancel', 'order')).toBe('any');
  });

  it('draws compensations dashed and the happy path solid', () => {
    const diagram = sagaDiagram();
    expect(diagram).toContain('order -.->|order.cancelled| payment');
    expect(diagram).toContain('order -->|order.created| inventory');
    expect(diagram).toContain('order -->|order.cancelled| notification');
  });

  it('replaces only what stands between its markers, and refuses a README without them', () => {
    const readme = `# title\n${generatedBegin}\nstale\n${generatedEnd}\nafter\n`;
    const updated = withSagaSection(readme);
    expect(updated.startsWith(`# title\n${generatedBegin}\n`)).toBe(true);
    expect(updated.endsWith(`${generatedEnd}\nafter\n`)).toBe(true);
    expect(updated).not.toContain('stale');
    expect(withSagaSection(updated)).toBe(updated);
    expect(() => withSagaSection('# no markers')).toThrow(/no generated saga section/);
  });
});
