/** Each service's default PORT, as in `<service>/src/config.ts`. */
export declare const defaultPorts: Readonly<
  Record<'order' | 'inventory' | 'payment' | 'notification', number>
>;
