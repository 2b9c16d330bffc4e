// `ziem model train | evaluate | serve`: wiring only. Training, evaluation and the HTTP model server
// live in udf-bridge/model-server/.
import { Command, InvalidArgumentError } from 'commander';
import type { ContextFactory } from '../program.js';
import { TRAIN_DEFAULTS } from '../../udf-bridge/model-server/train.js';
import { run as runTrain } from '../model/train-command.js';
import { run as runEvaluate, type EvaluateOptions } from '../model/evaluate-command.js';
import { run as runServe } from '../model/serve-command.js';
import { run as runDataset } from '../model/dataset-command.js';

const integer =
  (flag: string) =>
  (v: string): number => {
    if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`${flag} expects a whole number, got "${v}"`);
    return Number(v);
  };
const decimal =
  (flag: string) =>
  (v: string): number => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`${flag} expects a number, got "${v}"`);
    return n;
  };

function registerTrain(model: Command, getContext: ContextFactory): void {
  model
    .command('train')
    .description('train the anomaly autoencoder on benign feature vectors and set its alert threshold')
    .requiredOption('-i, --input <source>', 'JSON-lines file of {"features": [...]} records, or kafka:<topic>')
    .requiredOption(
      '-o, --out <dir>',
      'model directory to write (its name is the model name; a numeric name is a version)',
    )
    .option('--seed <n>', 'seed of initialisers, split and shuffling', integer('--seed'), TRAIN_DEFAULTS.seed)
    .option('--epochs <n>', 'training epochs', integer('--epochs'), TRAIN_DEFAULTS.epochs)
    .option('--batch-size <n>', 'mini-batch size', integer('--batch-size'), TRAIN_DEFAULTS.batchSize)
    .option('--learning-rate <x>', 'Adam learning rate', decimal('--learning-rate'), TRAIN_DEFAULTS.learningRate)
    .option('--fpr <x>', 'target false-positive rate of the threshold', decimal('--fpr'), TRAIN_DEFAULTS.fpr)
    .option('--supervised', 'train the attack classifier on a labelled dataset (ziem model dataset) instead')
    .option(
      '--members <n>',
      'with --supervised: nets trained apart and averaged into the one model (default 10)',
      integer('--members'),
    )
    .option('--feature-names <list>', 'comma-separated feature names for the metadata', (v: string) => v.split(','))
    .option(
      '--model-version <n>',
      'version recorded in metadata.json (default: numeric directory name, else 1)',
      integer('--model-version'),
    )
    .addHelpText(
      'after',
      `
Examples:
  $ ziem model train --input benign.jsonl --out models/anomaly --seed 7
  $ ziem model train --input kafka:HOST_ACTIVITY --out models/anomaly/2 --fpr 0.005
  $ ziem model train --supervised --input ds.jsonl --out models/attack-class`,
    )
    .action(
      async (o: {
        input: string;
        out: string;
        seed: number;
        epochs: number;
        batchSize: number;
        learningRate: number;
        fpr: number;
        featureNames?: string[];
        modelVersion?: number;
        supervised?: boolean;
        members?: number;
      }) => {
        await runTrain(getContext(), o);
      },
    );
}

function registerEvaluate(model: Command, getContext: ContextFactory): void {
  model
    .command('evaluate')
    .description('score labelled vectors: AUC, TPR at 1% FPR and the confusion matrix at the threshold')
    .requiredOption('-m, --model <dir>', 'model directory (as written by train)')
    .requiredOption(
      '-i, --input <source>',
      'JSON-lines file of {"features": [...], "label": 0|1} records (a classifier: a labelled dataset), or kafka:<topic>',
    )
    .option('--held-out', 'a classifier: judge only the runs its training held out')
    .option(
      '--min-probability <p>',
      "a classifier's operating point: an attack class only at this probability or more (default 0.9, the pipeline's attack_class_min_probability)",
    )
    .addHelpText(
      'after',
      `
Examples:
  $ ziem model evaluate --model models/anomaly --input labelled.jsonl
  $ ziem --json model evaluate --model models/anomaly --input labelled.jsonl
  $ ziem model evaluate --model models/attack-class --input ds.jsonl --held-out
  $ ziem --json model evaluate --model models/attack-class --input ds.jsonl --held-out --min-probability 0.8`,
    )
    .action(async (o: EvaluateOptions) => {
      await runEvaluate(getContext(), o);
    });
}

function registerServe(model: Command, getContext: ContextFactory): void {
  model
    .command('serve')
    .description("serve every model under a directory over TensorFlow Serving's REST API")
    .requiredOption('-m, --models <dir>', 'directory holding one directory per model')
    .option('-p, --port <port>', 'port (default: modelServer.port, 8501)', integer('--port'))
    .option('--host <address>', 'address to listen on (default: bindHost; 0.0.0.0 inside a container)')
    .addHelpText(
      'after',
      `
Endpoints: POST /v1/models/<name>:predict, GET /v1/models/<name>, GET /v1/models/<name>/metadata,
GET /healthz, GET /metrics. Set ZIEM_MODEL_TOKEN to require "Authorization: Bearer <token>".

Examples:
  $ ziem model serve --models models
  $ ZIEM_MODEL_TOKEN=s3cret ziem model serve --models models --port 18501`,
    )
    .action(async (o: { models: string; port?: number; host?: string }) => {
      await runServe(getContext(), o);
    });
}

function registerDataset(model: Command, getContext: ContextFactory): void {
  model
    .command('dataset')
    .description("label host windows with the attack simulator's ground truth, for model train --supervised")
    .requiredOption(
      '--from <source>',
      'host windows: kafka:HOST_WINDOWS (or kafka:HOST_ACTIVITY), or a JSON-lines file',
    )
    .requiredOption('--labels <source>', 'ground truth: kafka:ziem-attack-labels, or a JSON-lines file')
    .requiredOption('-o, --out <file>', 'JSON-lines file to write')
    .addHelpText(
      'after',
      `
Each window is given the technique of the attack-sim run that sent traffic from its host at that
time (the scenario, refined by its technique) and its class, the technique's attack family (an
alert kind: port-scan, stealth-scan, host-sweep, syn-flood, …), or "normal" for both; its run id
keeps held-out splits by run.

Examples:
  $ ziem model dataset --from kafka:HOST_WINDOWS --labels kafka:ziem-attack-labels --out ds.jsonl`,
    )
    .action(async (o: { from: string; labels: string; out: string }) => {
      await runDataset(getContext(), o);
    });
}

export function registerModel(program: Command, getContext: ContextFactory): Command {
  const model = program
    .command('model')
    .description('build datasets for, train, evaluate and serve the anomaly model and the attack classifier');
  registerTrain(model, getContext);
  registerEvaluate(model, getContext);
  registerServe(model, getContext);
  registerDataset(model, getContext);
  return model;
}
