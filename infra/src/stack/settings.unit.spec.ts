import { describe, expect, it } from 'vitest';
import { listeningPorts, portsAmongOutgoing, stackSettings, testPortOffsets } from './settings';

// Linux's default ip_local_port_range.
const linuxDefault = { low: 32_768, high: 60_999 };

const instances = {
  dev: stackSettings({ STACK_INSTANCE: 'dev' }),
  test: stackSettings({ STACK_INSTANCE: 'test' }),
  cluster: stackSettings({
    STACK_INSTANCE: 'test-cluster',
    STACK_PORT_OFFSET: String(testPortOffsets.cluster),
    STACK_BROKERS: '3',
  }),
  secured: stackSettings({
    STACK_INSTANCE: 'secure-test',
    STACK_PORT_OFFSET: String(testPortOffsets.secured),
  }),
};

describe('the ports of the instances pnpm start and the tests run side by side', () => {
  it('are all below the range Linux gives outgoing connections', () => {
    for (const [name, settings] of Object.entries(instances)) {
      expect(portsAmongOutgoing(settings, linuxDefault), name).toEqual([]);
    }
  });

  it('never share a port between two instances', () => {
    const owner = new Map<number, string>();
    for (const [name, settings] of Object.entries(instances)) {
      for (const { port } of listeningPorts(settings)) {
        expect(owner.get(port), `${name} port ${port}`).toBeUndefined();
        owner.set(port, name);
      }
    }
  });

  it('include every broker, controller and service port of a cluster', () => {
    const ports = listeningPorts(instances.cluster).map(({ port }) => port);
    expect(ports).toEqual(expect.arrayContaining([23_092, 23_093, 23_192, 23_193, 23_292, 23_293, 17_001]));
    expect(new Set(ports).size).toBe(ports.length);
  });
});

describe('portsAmongOutgoing', () => {
  it('names the ports an offset pushes into the outgoing range', () => {
    const settings = stackSettings({ STACK_INSTANCE: 'far', STACK_PORT_OFFSET: '21000' });
    expect(portsAmongOutgoing(settings, linuxDefault)).toEqual([
      { name: 'jaegerQuery', port: 37_686 },
      { name: 'jaegerHealth', port: 34_133 },
    ]);
  });

  it('says nothing where the range is unknown', () => {
    const settings = stackSettings({ STACK_INSTANCE: 'far', STACK_PORT_OFFSET: '40000' });
    expect(portsAmongOutgoing(settings, undefined)).toEqual([]);
  });
});
