// Reads a model file from disk and parses it, choosing YAML or JSON from the file extension.
import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '../errors.js';
import type { ModelDocument } from './model-document.js';
import { parseModel } from './parse-model.js';

/**
 * Loads a model file: `.json` is read as JSON, anything else (`.yaml`, `.yml`) as YAML.
 *
 * @throws ConfigurationError `invalid_configuration` when the file cannot be read.
 * @throws ValidationError `invalid_model_file` when it is not a valid model (see `parseModel`).
 *
 * @example
 * ```ts
 * const model = await loadModelFile('fga.yaml');
 * const seed = await applyModel(fga.admin, model);
 * ```
 */
export async function loadModelFile(path: string): Promise<ModelDocument> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigurationError('invalid_configuration', `Cannot read model file ${path}: ${reason}`, {
      cause: error,
      details: { path },
    });
  }
  return parseModel(text, { source: path, format: path.toLowerCase().endsWith('.json') ? 'json' : 'yaml' });
}
