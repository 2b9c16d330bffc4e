// What the stack needs to know about each component: its ports (for the pre-start check), how to
// prepare its state (config files, storage, secrets), its command line (java, or node for the
// embedded ksqlDB engine), and its health check.
// One implementation per component in component-<name>.ts; the orchestration is in up.ts.
import type { Config } from '../config/config.js';
import type { Logger } from '../context.js';
import type { JarSet } from './jars.js';
import type { ComponentName, ComponentPaths } from './layout.js';
import type { Tools } from './prereqs.js';

export interface StackEnv {
  readonly config: Config;
  readonly log: Logger;
  /** Secrets to redact: generated passwords are pushed here as soon as they are read. */
  readonly secrets: string[];
}

export interface LaunchEnv extends StackEnv {
  readonly tools: Tools;
  readonly jars: JarSet;
}

export interface PortUse {
  /** The config field the port comes from, so a clash names what to change. */
  readonly field: string;
  readonly port: number;
}

export interface Health {
  readonly healthy: boolean;
  readonly version: string | undefined;
  /** Why not healthy (connection refused, plugin missing…). */
  readonly detail: string | undefined;
}

/** How to start a component's process: the program, its arguments, and variables added to the environment. */
export interface CommandLine {
  readonly file: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

export interface Component {
  readonly name: ComponentName;
  /** Components that must be healthy before this one starts. */
  readonly after: readonly ComponentName[];
  ports(config: Config): PortUse[];
  endpoints(config: Config): Record<string, string>;
  /** Writes config, formats storage; idempotent. */
  prepare(env: LaunchEnv, paths: ComponentPaths): Promise<void>;
  command(env: LaunchEnv, paths: ComponentPaths): CommandLine;
  /** Runs once the process is up, before the health check counts (e.g. set Neo4j's password). */
  afterStart?(env: StackEnv, paths: ComponentPaths): Promise<void>;
  health(env: StackEnv, paths: ComponentPaths): Promise<Health>;
}

/** JVM flags common to every component: explicit heap, G1, and our markers. */
export function jvmBase(heapMb: number): string[] {
  return [`-Xms${heapMb}m`, `-Xmx${heapMb}m`, '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=50', '-Djava.awt.headless=true'];
}

/** A Java component's command line: the JVM found by the prerequisites check, no extra environment. */
export const javaCommand = (env: LaunchEnv, args: readonly string[]): CommandLine => ({
  file: env.tools.java,
  args,
  env: {},
});

export const healthy = (version: string | undefined): Health => ({ healthy: true, version, detail: undefined });
export const unhealthy = (detail: string): Health => ({ healthy: false, version: undefined, detail });
