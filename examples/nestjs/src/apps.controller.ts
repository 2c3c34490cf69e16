// POST /apps/:appId/deploy: app:deploy; 403 for a caller who may view the app, else 404.
import type { FgaContext } from '@fgakit/core/http';
import type { Demo } from '@fgakit/example-shared';
import { Membership, RequirePermission } from '@fgakit/nestjs';
import { Controller, Inject, Param, Post, Res } from '@nestjs/common';
import { DEMO } from './demo.constants.js';
import { type DemoResponse, sendResult } from './demo-result.js';

/** `POST /apps/:appId/deploy` (see examples/README.md). */
@Controller('apps')
export class AppsController {
  constructor(@Inject(DEMO) private readonly demo: Demo) {}

  @Post(':appId/deploy')
  @RequirePermission('app', 'app:deploy', { conceal: { unless: 'app:view' } })
  async deploy(
    @Membership() fga: FgaContext,
    @Param('appId') appId: string,
    @Res() res: DemoResponse,
  ): Promise<void> {
    sendResult(res, await this.demo.handlers.deployApp(fga, appId));
  }
}
