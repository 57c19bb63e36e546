/** One piece of the local stack: how to fetch it, run it, and tell that it is healthy. */
export interface Component {
  name: string;
  /** What `status` prints so people know where to point their tools. */
  url: string;
  ports: number[];
  /** True when nothing needs fetching or building: `install` would do nothing. */
  installed(): boolean | Promise<boolean>;
  /** Downloads or builds what is missing; a no-op when everything is cached. */
  install(): Promise<void>;
  /** Starts the process and resolves once it is healthy. Returns its pid. */
  start(): Promise<number>;
  healthy(): Promise<boolean>;
}
