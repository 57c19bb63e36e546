import { type ConsumerGroupSpec, groupsOf, type Participant, participants, producedBy } from './saga';

/** What one participant's principal may do on a cluster that enforces ACLs, derived from the saga. */
export interface KafkaAccess {
  participant: Participant;
  /** Topics its consumer groups read. */
  reads: readonly string[];
  /** Topics it publishes to. */
  writes: readonly string[];
  /** Its consumer groups, joined and committed under. */
  groups: readonly string[];
}

/**
 * Reads: what its groups consume (the order timeline reads every event topic). Writes: what its
 * steps say, and its groups' dead-letter topics. Its saga group's own topics are written too:
 * releasing the events parked behind a dead letter publishes them again to the topic they came from
 * (README, "Dead letters"), and Kafka's ACLs cannot tell that republish from a new event.
 */
export function kafkaAccess(participant: Participant): KafkaAccess {
  const groups = Object.values(groupsOf(participant) as Record<string, ConsumerGroupSpec>).filter(
    (group) => group.consumes.length > 0,
  );
  const parkedIn = groups.filter((group) => group.name === 'service').flatMap((group) => group.consumes);
  return {
    participant,
    reads: unique(groups.flatMap((group) => group.consumes)),
    writes: unique([...producedBy(participant), ...groups.map((group) => group.dlqTopic), ...parkedIn]),
    groups: groups.map((group) => group.id),
  };
}

export const kafkaAccessOfAll = (): KafkaAccess[] => participants.map(kafkaAccess);

const unique = (items: readonly string[]) => [...new Set(items)];
