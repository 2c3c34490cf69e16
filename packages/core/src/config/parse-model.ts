// Model file text (YAML or JSON) → validated ModelDocument. Syntax errors name line and column;
// everything after the syntax is `validateModel`'s job.
import { LineCounter, parseDocument } from 'yaml';
import type { ValidationIssue } from '../errors.js';
import type { ModelDocument } from './model-document.js';
import { throwIfIssues, validateModel } from './validate-model.js';

/** The syntaxes a model file may use; they share one schema. */
export type ModelFormat = 'yaml' | 'json';

/** Options of {@link parseModel}. */
export interface ParseModelOptions {
  /** Defaults to `json` when `source` ends in `.json`, else `yaml` (which also reads JSON). */
  readonly format?: ModelFormat;
  /** Names the text in messages, e.g. the path it was read from. */
  readonly source?: string;
}

/**
 * Parses and validates a model file's text.
 *
 * @throws ValidationError `invalid_model_file`: syntax errors with line and column, or every shape
 * and cross-reference problem at once, each as `path: what is wrong (how to fix it)`.
 *
 * @example Parsing YAML
 * ```ts
 * const model = parseModel(`
 * resourceTypes:
 *   - slug: project
 * permissions:
 *   - { slug: project:edit, resourceType: project }
 * roles:
 *   - { slug: project-editor, resourceType: project, permissions: [project:edit] }
 * `);
 * model.roles[0]?.permissions; // ['project:edit']
 * ```
 *
 * @example Reporting every problem
 * ```ts
 * try {
 *   parseModel(text, { source: 'fga.yaml' });
 * } catch (err) {
 *   if (err instanceof ValidationError) for (const issue of err.issues) console.error(issue.message);
 *   // roles[2].permissions[0]: permission "projct:edit" is not defined (did you mean "project:edit"?)
 * }
 * ```
 */
export function parseModel(text: string, options: ParseModelOptions = {}): ModelDocument {
  const source = options.source ?? null;
  const format = options.format ?? (source?.toLowerCase().endsWith('.json') ? 'json' : 'yaml');
  const data = format === 'json' ? readJson(text, source) : readYaml(text, source);
  return validateModel(data, options.source === undefined ? {} : { source: options.source });
}

function syntaxIssue(kind: 'YAML' | 'JSON', line: number, col: number, message: string): ValidationIssue {
  return {
    field: '(document)',
    code: kind === 'YAML' ? 'yaml_syntax_error' : 'json_syntax_error',
    message: `line ${line}, column ${col}: ${kind} syntax error: ${message}`,
  };
}

function readYaml(text: string, source: string | null): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const issues = doc.errors.map((error) => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return syntaxIssue('YAML', line, col, error.message);
  });
  throwIfIssues(issues, source);
  try {
    return doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    // Alias problems (unknown anchor, alias bomb) surface only when converting.
    const message = error instanceof Error ? error.message : String(error);
    throwIfIssues(
      [{ field: '(document)', code: 'yaml_syntax_error', message: `YAML error: ${message}` }],
      source,
    );
    return undefined;
  }
}

function readJson(text: string, source: string | null): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message);
    let line = 1;
    let col = 1;
    if (position !== null) {
      const before = text.slice(0, Number(position[1]));
      const lines = before.split('\n');
      line = lines.length;
      col = (lines[lines.length - 1]?.length ?? 0) + 1;
    } else if (text.trim() === '') {
      line = 1;
    } else {
      line = text.split('\n').length; // V8 reports no position for an unexpected end of input
      col = (text.split('\n').at(-1)?.length ?? 0) + 1;
    }
    const short = message
      .replace(/\s*(in JSON )?at position \d+.*$/, '')
      .replace(/\s*\(line \d+ column \d+\)$/, '');
    throwIfIssues([syntaxIssue('JSON', line, col, short)], source);
    return undefined;
  }
}
