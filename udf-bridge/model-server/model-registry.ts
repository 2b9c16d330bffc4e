// Every model under the models directory, kept current by polling: `<root>/<name>/` holding a model
// directly, or TF Serving's `<root>/<name>/<version>/` layout (highest version served). A changed or
// new version is loaded beside the old one and swapped in only once it loaded, so requests never
// see downtime; a version that fails to load is reported and the old one keeps answering.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { loadServedModel, type ServedModel } from './served-model.js';
import { METADATA_FILE } from './metadata.js';
import { MODEL_FILE } from './file-io.js';

export const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export interface ModelStatus {
  name: string;
  version: number | undefined;
  state: 'AVAILABLE' | 'LOADING' | 'UNAVAILABLE';
  error: string | undefined;
}

interface Entry {
  scorer: ServedModel | undefined;
  key: string | undefined;
  failedKey: string | undefined;
  error: string | undefined;
}

export interface RegistryLog {
  info(msg: string): void;
  warn(msg: string): void;
}

/** Marks a version being written: train writes metadata.json last, so it is older than model.json. */
const PENDING = 'pending';

async function mtimeKey(dir: string): Promise<string | undefined> {
  try {
    const [m, w] = await Promise.all([stat(join(dir, METADATA_FILE)), stat(join(dir, MODEL_FILE))]);
    return m.mtimeMs < w.mtimeMs ? PENDING : `${dir}|${m.mtimeMs}|${w.mtimeMs}`;
  } catch {
    return undefined;
  }
}

/** The directory to serve for one model name, and a key that changes when its files change. */
async function currentVersionDir(modelDir: string): Promise<{ dir: string; key: string } | undefined> {
  const direct = await mtimeKey(modelDir);
  if (direct) return { dir: modelDir, key: direct };
  const versions = (await readdir(modelDir, { withFileTypes: true }).catch(() => []))
    .filter((d) => d.isDirectory() && /^\d{1,9}$/.test(d.name))
    .map((d) => Number(d.name))
    .sort((a, b) => b - a);
  for (const v of versions) {
    const dir = join(modelDir, String(v));
    const key = await mtimeKey(dir);
    if (key) return { dir, key };
  }
  return undefined;
}

export class ModelRegistry {
  readonly #root: string;
  readonly #log: RegistryLog;
  readonly #entries = new Map<string, Entry>();
  #polling: Promise<void> | undefined;
  onLoadFailure: (name: string) => void = () => undefined;

  constructor(root: string, log: RegistryLog) {
    this.#root = root;
    this.#log = log;
  }

  get(name: string): ServedModel | undefined {
    return this.#entries.get(name)?.scorer;
  }

  status(name: string): ModelStatus | undefined {
    const e = this.#entries.get(name);
    if (!e) return undefined;
    const state = e.scorer ? 'AVAILABLE' : e.error ? 'UNAVAILABLE' : 'LOADING';
    return { name, version: e.scorer?.meta.version, state, error: e.error };
  }

  names(): string[] {
    return [...this.#entries.keys()].sort();
  }

  /** One scan; concurrent callers share the scan in progress. */
  poll(): Promise<void> {
    this.#polling ??= this.#scan().finally(() => (this.#polling = undefined));
    return this.#polling;
  }

  async #scan(): Promise<void> {
    const dirs = (await readdir(this.#root, { withFileTypes: true }).catch(() => []))
      .filter((d) => d.isDirectory() && MODEL_NAME.test(d.name))
      .map((d) => d.name);
    for (const name of dirs) await this.#refresh(name);
    for (const [name, e] of this.#entries) {
      if (dirs.includes(name)) continue;
      e.scorer?.dispose();
      this.#entries.delete(name);
      this.#log.info(`model ${name}: directory removed, unloaded`);
    }
  }

  async #refresh(name: string): Promise<void> {
    const found = await currentVersionDir(join(this.#root, name));
    const e = this.#entries.get(name) ?? { scorer: undefined, key: undefined, failedKey: undefined, error: undefined };
    this.#entries.set(name, e);
    if (!found) {
      e.error ??= e.scorer
        ? undefined
        : `no ${MODEL_FILE} and ${METADATA_FILE} under ${join(this.#root, name)} or a numbered version directory`;
      return;
    }
    if (found.key === PENDING || found.key === e.key || found.key === e.failedKey) return;
    try {
      const next = await loadServedModel(found.dir);
      const old = e.scorer;
      Object.assign(e, { scorer: next, key: found.key, failedKey: undefined, error: undefined });
      old?.dispose();
      this.#log.info(`model ${name}: version ${next.meta.version} loaded from ${found.dir}`);
    } catch (err) {
      e.failedKey = found.key;
      e.error = (err as Error).message;
      this.onLoadFailure(name);
      this.#log.warn(`model ${name}: ${e.error}${e.scorer ? ` (version ${e.scorer.meta.version} keeps serving)` : ''}`);
    }
  }

  close(): void {
    for (const e of this.#entries.values()) e.scorer?.dispose();
    this.#entries.clear();
  }
}
