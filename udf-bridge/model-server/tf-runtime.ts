// Brings up TensorFlow.js on the wasm backend once per process. The .wasm binaries ship inside
// the @tensorflow/tfjs-backend-wasm package, so they are loaded from node_modules by file path and
// nothing is fetched from the network.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { ModelError } from './model-error.js';

let ready: Promise<typeof tf> | undefined;

async function init(): Promise<typeof tf> {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
  setWasmPaths(join(dirname(pkg), 'dist') + '/');
  const ok = await tf.setBackend('wasm');
  if (!ok) {
    throw new ModelError('MODEL_BACKEND', 'the TensorFlow.js wasm backend failed to initialise', {
      hint: 'reinstall dependencies (npm ci) so node_modules/@tensorflow/tfjs-backend-wasm/dist holds the .wasm files',
    });
  }
  await tf.ready();
  return tf;
}

/** The tf namespace with the wasm backend active. */
export function tfReady(): Promise<typeof tf> {
  ready ??= init().catch((err: unknown) => {
    ready = undefined;
    throw err;
  });
  return ready;
}
