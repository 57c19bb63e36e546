/** Schema Registry subject of a topic's values (TopicNameStrategy). */
export const subjectFor = <T extends string>(topic: T): `${T}-value` => `${topic}-value`;
