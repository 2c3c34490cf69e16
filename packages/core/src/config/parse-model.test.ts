import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError, ValidationError } from '../errors.js';
import { loadModelFile } from './load-model-file.js';
import { parseModel } from './parse-model.js';

const MINIMAL_YAML = `
# The smallest useful model: one type, one permission, one role.
resourceTypes:
  - slug: project
permissions:
  - { slug: project:edit, resourceType: project }
roles:
  - slug: project-editor
    resourceType: project
    permissions: [project:edit]
`;

const MINIMAL_JSON = JSON.stringify({
  resourceTypes: [{ slug: 'project' }],
  permissions: [{ slug: 'project:edit', resourceType: 'project' }],
  roles: [{ slug: 'project-editor', resourceType: 'project', permissions: ['project:edit'] }],
});

function issuesOf(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('parseModel', () => {
  it('parses a minimal YAML model', () => {
    const model = parseModel(MINIMAL_YAML);
    expect(model.source).toBeNull();
    expect(model.resourceTypes).toEqual([
      { slug: 'project', name: 'Project', description: null, parents: ['organization'] },
    ]);
    expect(model.roles).toEqual([
      {
        slug: 'project-editor',
        name: 'Project Editor',
        description: null,
        resourceType: 'project',
        permissions: ['project:edit'],
      },
    ]);
  });

  it('parses the same model written as JSON, and YAML and JSON agree', () => {
    const fromJson = parseModel(MINIMAL_JSON, { format: 'json' });
    expect(fromJson).toEqual(parseModel(MINIMAL_YAML));
    // JSON is YAML too, so the default format reads it as well.
    expect(parseModel(MINIMAL_JSON)).toEqual(fromJson);
    expect(parseModel(MINIMAL_JSON, { source: 'model.JSON' }).source).toBe('model.JSON');
  });

  it('treats an empty file as an empty model', () => {
    expect(parseModel('').roles).toEqual([]);
    expect(parseModel('# nothing yet\n').permissions).toEqual([]);
  });

  it('names line and column of a YAML syntax error', () => {
    const error = issuesOf(() =>
      parseModel('roles:\n  - slug: member\n    permissions: [workspace:view\n', { source: 'fga.yaml' }),
    );
    expect(error.code).toBe('invalid_model_file');
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ field: '(document)', code: 'yaml_syntax_error' });
    expect(error.issues[0]?.message).toMatch(/^line 4, column 1: YAML syntax error: /);
    expect(error.message).toMatch(/^Invalid model file fga\.yaml: line 4, column 1: YAML syntax error/);
  });

  it('reports a duplicate YAML key with its position', () => {
    const error = issuesOf(() => parseModel('roles: []\npermissions: []\nroles: []\n'));
    expect(error.issues.map((i) => i.message)).toEqual([
      'line 3, column 1: YAML syntax error: Map keys must be unique',
    ]);
  });

  it('reports every YAML syntax error at once', () => {
    const error = issuesOf(() => parseModel('a: 1\n  b: 2\nc: "open\n'));
    expect(error.issues.length).toBeGreaterThan(1);
    for (const issue of error.issues)
      expect(issue.message).toMatch(/^line \d+, column \d+: YAML syntax error: /);
  });

  it('names line and column of a JSON syntax error', () => {
    const error = issuesOf(() =>
      parseModel('{\n  "roles": [\n    {"slug": "member",}\n  ]\n}', { format: 'json' }),
    );
    expect(error.issues).toEqual([
      {
        field: '(document)',
        code: 'json_syntax_error',
        message: 'line 3, column 23: JSON syntax error: Expected double-quoted property name',
      },
    ]);
    const truncated = issuesOf(() => parseModel('{\n  "roles": [', { source: 'fga.json' }));
    expect(truncated.issues[0]?.message).toMatch(/^line 2, column 13: JSON syntax error: /);
  });

  it('validates after parsing, with the path of every problem', () => {
    const error = issuesOf(() =>
      parseModel(
        `
resourceTypes: [{ slug: project }]
permissions:
  - { slug: project:edit, resourceType: project }
roles:
  - { slug: member }
  - { slug: viewer }
  - { slug: project-editor, resourceType: project, permissions: [projct:edit] }
`,
        { source: 'fga.yaml' },
      ),
    );
    expect(error.issues.map((i) => i.message)).toEqual([
      'roles[2].permissions[0]: permission "projct:edit" is not defined (did you mean "project:edit"?)',
    ]);
    expect(error.message).toBe(
      'Invalid model file fga.yaml: roles[2].permissions[0]: permission "projct:edit" is not defined (did you mean "project:edit"?)',
    );
  });

  it('rejects a document that is not a mapping', () => {
    expect(issuesOf(() => parseModel('- roles\n')).issues.map((i) => i.message)).toEqual([
      '(document): expected a mapping, got a list',
    ]);
    expect(issuesOf(() => parseModel('"roles"', { format: 'json' })).issues.map((i) => i.message)).toEqual([
      '(document): expected a mapping, got the string "roles"',
    ]);
  });
});

describe('loadModelFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fgakit-model-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads YAML and JSON files, choosing the format from the extension', async () => {
    await writeFile(join(dir, 'fga.yaml'), MINIMAL_YAML);
    await writeFile(join(dir, 'fga.json'), MINIMAL_JSON);
    const yaml = await loadModelFile(join(dir, 'fga.yaml'));
    const json = await loadModelFile(join(dir, 'fga.json'));
    expect(yaml.source).toBe(join(dir, 'fga.yaml'));
    expect({ ...json, source: null }).toEqual({ ...yaml, source: null });
  });

  it('names the file in validation errors', async () => {
    const path = join(dir, 'broken.json');
    await writeFile(path, '{"roles": [{"slug": "member", "permissions": ["nope"]}]}');
    await expect(loadModelFile(path)).rejects.toThrow(
      `Invalid model file ${path}: roles[0].permissions[0]: permission "nope" is not defined`,
    );
  });

  it('throws a ConfigurationError naming a missing file', async () => {
    const path = join(dir, 'missing.yaml');
    const error = await loadModelFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).code).toBe('invalid_configuration');
    expect((error as Error).message).toContain(`Cannot read model file ${path}`);
  });
});
