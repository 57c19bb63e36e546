export * from './access';
export * from './generated';
export * from './registry-sync';
export * from './saga';
export * from './subject';
export * from './topics';
