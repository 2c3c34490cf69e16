// Documents are high-cardinality rows the app keeps in its own store (SPEC §4.1): FGA never sees
// them; each row names its nearest FGA-managed parent, the project, where `document:*` is checked.
import type { LoadedResource, ResourceLoader } from '@fgakit/core/http';

/** One row of the app's own documents table. */
export interface DemoDocument {
  readonly id: string;
  /** External id of the project the document belongs to (its nearest FGA parent). */
  readonly projectId: string;
  readonly title: string;
}

/** The seed rows: `doc-1` in project `web`, `doc-2` in project `campaign`. */
export function createDocumentStore(): ReadonlyMap<string, DemoDocument> {
  return new Map<string, DemoDocument>([
    ['doc-1', { id: 'doc-1', projectId: 'web', title: 'Web launch checklist' }],
    ['doc-2', { id: 'doc-2', projectId: 'campaign', title: 'Campaign brief' }],
  ]);
}

/**
 * A guard loader: finds the document named by `:documentId` and answers its project, so the guard
 * checks `document:view` there. A missing row answers `null`, which the guard turns into the same
 * 404 a forbidden document gets.
 */
export function documentLoader(documents: ReadonlyMap<string, DemoDocument>): ResourceLoader<DemoDocument> {
  return function loadDocument(request): LoadedResource<DemoDocument> | null {
    const document = documents.get(request.param('documentId') ?? '');
    return document === undefined ? null : { externalId: document.projectId, row: document };
  };
}
