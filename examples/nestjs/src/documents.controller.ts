// GET /documents/:documentId: document:view checked on the document's project, which the
// injectable DocumentLoader finds in the app's own store; missing and forbidden both answer 404.
import type { FgaContext } from '@fgakit/core/http';
import type { Demo, DemoDocument } from '@fgakit/example-shared';
import { Membership, RequirePermission } from '@fgakit/nestjs';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { DEMO } from './demo.constants.js';
import { type DemoResponse, sendResult } from './demo-result.js';
import { DocumentLoader } from './document.loader.js';

/** `GET /documents/:documentId`, guarded through {@link DocumentLoader}. */
@Controller('documents')
export class DocumentsController {
  constructor(@Inject(DEMO) private readonly demo: Demo) {}

  @Get(':documentId')
  @RequirePermission('project', 'document:view', { load: DocumentLoader, conceal: true })
  async find(@Membership() fga: FgaContext<DemoDocument>, @Res() res: DemoResponse): Promise<void> {
    sendResult(res, await this.demo.handlers.getDocument(fga));
  }
}
