export * from './generated';
export * from './registry-sync';
export * from './subject';
export * from './topics';
