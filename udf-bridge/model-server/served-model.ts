// What the model server serves under one name: the anomaly autoencoder (a score per vector) or the
// attack classifier (class probabilities per vector), told apart by metadata.json's `format`.
import { readMetadataJson } from './metadata.js';
import { loadScorer, type Scorer } from './scorer.js';
import { CLASSIFIER_FORMAT } from './supervised/classifier-metadata.js';
import { loadClassifier, type Classifier } from './supervised/loaded-classifier.js';

export type ServedModel = ({ readonly kind: 'anomaly' } & Scorer) | ({ readonly kind: 'classifier' } & Classifier);

export async function loadServedModel(dir: string): Promise<ServedModel> {
  const parsed = await readMetadataJson(dir);
  const format =
    typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)['format'] : undefined;
  if (format === CLASSIFIER_FORMAT) return { kind: 'classifier', ...(await loadClassifier(dir, parsed)) };
  return { kind: 'anomaly', ...(await loadScorer(dir)) };
}
