// `@saga/saga-runtime/operator`: what operator tools (`pnpm dlq`) share with the consumers, so
// the parking protocol and the header names exist once.
export {
  deadLetterHeaders,
  headerNames,
  originalHeaders,
  readHeaders,
} from './messaging/headers';
export {
  type Block,
  type ParkedKey,
  type ParkingProtocol,
  parkingProtocol,
} from './messaging/parking-protocol';
export { kafkaPublish, type Landed, type OutgoingRecord, type Publish } from './messaging/publish';
