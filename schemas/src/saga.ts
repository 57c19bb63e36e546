import { type EventMap, eventTopics, schemas } from './generated.ts';

/**
 * The choreography, declared once: who hears what, what it does, what it says in return. Topic
 * provisioning, consumer-group and dead-letter names, service ports, the handler maps each
 * service must provide, the replay and dlq tools, the README's saga table and its diagram are
 * all derived from `saga` below; nothing else spells them.
 */

type Topic = keyof EventMap & string;

/** One step of the saga: a participant hearing something, doing something, saying something. */
export interface Reaction {
  does: string;
  /** Every event this step may publish; a participant can publish only what its steps say. */
  says: readonly Topic[];
  /** Undoes an earlier step (drawn dashed in the diagram). */
  compensates?: boolean;
}

/** A read model fed by a consumer group of its own, so it can be replayed and rebuilt alone. */
export interface ProjectionDeclaration {
  consumes: readonly Topic[];
  /** The tables a rebuild empties before the group is replayed. */
  tables: readonly string[];
  does: string;
}

export interface ParticipantDeclaration {
  /** Default HTTP port (PORT overrides it). */
  port: number;
  /** What starts a step from outside the event log: a request, a timer. */
  commands: Readonly<Record<string, Reaction>>;
  /** The events this participant's saga group consumes, each with its step. */
  reactions: Readonly<Partial<Record<Topic, Reaction>>>;
  projections: Readonly<Record<string, ProjectionDeclaration>>;
}

const notifyCustomer = { does: 'tells the customer, once per outcome', says: [] } as const;

export const saga = {
  order: {
    port: 3001,
    commands: {
      'POST /orders': { does: 'stores a PENDING order', says: ['order.created'] },
      'POST /orders/{id}/cancel': {
        does: 'cancels a PENDING or CONFIRMED order',
        says: ['order.cancelled'],
      },
      'saga deadline': { does: 'cancels a still PENDING order (TIMED_OUT)', says: ['order.cancelled'] },
    },
    reactions: {
      'payment.completed': { does: 'confirms the order', says: ['order.confirmed'] },
      'payment.declined': {
        does: 'cancels the order (PAYMENT_DECLINED)',
        says: ['order.cancelled'],
        compensates: true,
      },
      'inventory.rejected': {
        does: 'cancels the order (OUT_OF_STOCK, UNKNOWN_SKU)',
        says: ['order.cancelled'],
        compensates: true,
      },
    },
    projections: {
      timeline: {
        consumes: eventTopics,
        tables: ['saga_timeline'],
        does: 'records every event of a saga, with its origin',
      },
    },
  },
  inventory: {
    port: 3002,
    commands: {},
    reactions: {
      'order.created': {
        does: 'reserves every line or none',
        says: ['inventory.reserved', 'inventory.rejected'],
      },
      'order.confirmed': { does: 'commits the reservation', says: [] },
      'order.cancelled': { does: 'puts the stock back', says: ['inventory.released'], compensates: true },
    },
    projections: {},
  },
  payment: {
    port: 3003,
    commands: {},
    reactions: {
      'inventory.reserved': {
        does: 'charges the total',
        says: ['payment.completed', 'payment.declined'],
      },
      'order.cancelled': {
        does: 'refunds a completed payment',
        says: ['payment.refunded'],
        compensates: true,
      },
    },
    projections: {},
  },
  notification: {
    port: 3004,
    commands: {},
    reactions: { 'order.confirmed': notifyCustomer, 'order.cancelled': notifyCustomer },
    projections: {},
  },
} as const satisfies Record<string, ParticipantDeclaration>;

export type Saga = typeof saga;
export type Participant = keyof Saga;
export const participants = Object.keys(saga) as Participant[];

type Says<R> = R extends { says: readonly (infer T)[] } ? T : never;
type SaidBy<Steps> = { [K in keyof Steps]: Says<Steps[K]> }[keyof Steps];

/** The topics participant P may publish: the union of what its steps say. */
export type ProducedBy<P extends Participant> = P extends Participant
  ? Extract<SaidBy<Saga[P]['commands']> | SaidBy<Saga[P]['reactions']>, Topic>
  : never;

/** Group name within a participant → the topics that group consumes. */
export type GroupsOf<P extends Participant> = { service: Extract<keyof Saga[P]['reactions'], Topic> } & {
  [G in keyof Saga[P]['projections']]: Saga[P]['projections'][G] extends { consumes: readonly (infer T)[] }
    ? Extract<T, Topic>
    : never;
};

/** Participant P's side of the saga, in the shape the runtime's `bootService` and `Handlers` take. */
export interface ContractOf<P extends Participant> {
  events: EventMap;
  groups: GroupsOf<P>;
  produces: ProducedBy<P>;
}

/** Kafka consumer-group id: `<participant>-service` for the saga's steps, `<participant>-<projection>`. */
export const groupId = (participant: Participant, group: string): string => `${participant}-${group}`;

/** Where a group's poison messages go. */
export const dlqTopicFor = (group: string): string => `${group}.dlq`;

export interface ConsumerGroupSpec<T extends string = Topic> {
  participant: Participant;
  /** `service`, or the projection's name. */
  name: string;
  id: string;
  dlqTopic: string;
  consumes: readonly T[];
  /** Set for read models: the tables a rebuild empties. */
  tables?: readonly string[];
}

/** Every consumer group of participant P, keyed by group name, each with the topics it consumes. */
export function groupsOf<P extends Participant>(
  participant: P,
): { [G in keyof GroupsOf<P>]: ConsumerGroupSpec<Extract<GroupsOf<P>[G], Topic>> } {
  const declaration: ParticipantDeclaration = saga[participant];
  const spec = (name: string, consumes: readonly Topic[], tables?: readonly string[]) => {
    const id = groupId(participant, name);
    return { participant, name, id, dlqTopic: dlqTopicFor(id), consumes, ...(tables ? { tables } : {}) };
  };
  const groups: Record<string, ConsumerGroupSpec> = {
    service: spec('service', Object.keys(declaration.reactions) as Topic[]),
  };
  for (const [name, projection] of Object.entries(declaration.projections)) {
    groups[name] = spec(name, projection.consumes, projection.tables);
  }
  return groups as never;
}

/** Every consumer group of the saga, in declaration order. */
export const consumerGroups: readonly ConsumerGroupSpec[] = participants.flatMap((participant) =>
  Object.values(groupsOf(participant) as Record<string, ConsumerGroupSpec>).filter(
    (group) => group.consumes.length > 0,
  ),
);

/** The read models `pnpm replay rebuild` can rebuild, by projection name. */
export const projections: Readonly<Record<string, ConsumerGroupSpec & { tables: readonly string[] }>> =
  Object.fromEntries(
    consumerGroups.flatMap((group) =>
      group.tables ? [[group.name, { ...group, tables: group.tables }]] : [],
    ),
  );

/** What participant P publishes, in declaration order, for the outbox's type and the docs. */
export function producedBy<P extends Participant>(participant: P): ProducedBy<P>[] {
  const declaration: ParticipantDeclaration = saga[participant];
  const steps = [...Object.values(declaration.commands), ...Object.values(declaration.reactions)];
  return [...new Set(steps.flatMap((step) => step?.says ?? []))] as ProducedBy<P>[];
}

/**
 * Where the declaration and the event topics disagree: a topic nobody publishes, or one no
 * consumer group reads. Empty when the saga is whole.
 */
export function sagaGaps(topics: readonly string[] = eventTopics): string[] {
  const produced = new Set<string>(participants.flatMap((participant) => producedBy(participant)));
  const consumed = new Set<string>(consumerGroups.flatMap((group) => group.consumes));
  return topics.flatMap((topic) => [
    ...(produced.has(topic) ? [] : [`${topic}: no participant says it (add it to a step's "says")`]),
    ...(consumed.has(topic) ? [] : [`${topic}: no consumer group reads it`]),
  ]);
}

/**
 * What `bootService` needs to know of participant P from the saga: its name, consumer groups,
 * what it publishes, and the schemas of the events.
 */
export function declared<P extends Participant>(participant: P) {
  return { name: participant, groups: groupsOf(participant), produces: producedBy(participant), schemas };
}

export const defaultPorts = Object.fromEntries(participants.map((p) => [p, saga[p].port])) as {
  [P in Participant]: Saga[P]['port'];
};
