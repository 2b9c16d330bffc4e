// What training and evaluation need from their caller, spelled out: where Kafka is (for `kafka:`
// inputs), where progress goes, and the time. The CLI builds one from its context (cli/model/).

export interface ModelJobEnv {
  /** Bootstrap servers for `kafka:<topic>` inputs. */
  bootstrap: string;
  /** A progress line for a person (stderr). */
  log(line: string): void;
  now(): number;
}
