// The guard's loader for GET /documents/:documentId as a Nest provider: documents live in the app's
// own store, so `document:view` is checked on the document's project (its nearest FGA parent).
import type { AuthzRequest, FgaContext, LoadedResource } from '@fgakit/core/http';
import type { Demo, DemoDocument } from '@fgakit/example-shared';
import type { FgaResourceLoader } from '@fgakit/nestjs';
import { Inject, Injectable } from '@nestjs/common';
import { DEMO } from './demo.constants.js';

/** Finds the document named by `:documentId`; `null` (missing) answers like a forbidden one: 404. */
@Injectable()
export class DocumentLoader implements FgaResourceLoader<DemoDocument> {
  constructor(@Inject(DEMO) private readonly demo: Demo) {}

  async load(request: AuthzRequest, context: FgaContext): Promise<LoadedResource<DemoDocument> | null> {
    return this.demo.loadDocument(request, context);
  }
}
