// /workspaces: viewing is concealed (404 for a caller who may not see the workspace); creating a
// project needs project:create there, answering 403 only to callers who may see the workspace.
import type { FgaContext } from '@fgakit/core/http';
import type { Demo } from '@fgakit/example-shared';
import { Membership, RequirePermission } from '@fgakit/nestjs';
import { Body, Controller, Get, Inject, Param, Post, Res } from '@nestjs/common';
import { DEMO } from './demo.constants.js';
import { type DemoResponse, sendResult } from './demo-result.js';

/** `/workspaces/:workspaceId` and its projects (see examples/README.md). */
@Controller('workspaces')
export class WorkspacesController {
  constructor(@Inject(DEMO) private readonly demo: Demo) {}

  @Get(':workspaceId')
  @RequirePermission('workspace', 'workspace:view', { conceal: true })
  async find(
    @Membership() fga: FgaContext,
    @Param('workspaceId') workspaceId: string,
    @Res() res: DemoResponse,
  ): Promise<void> {
    sendResult(res, await this.demo.handlers.getWorkspace(fga, workspaceId));
  }

  @Get(':workspaceId/projects')
  @RequirePermission('workspace', 'workspace:view', { conceal: true })
  async projects(
    @Membership() fga: FgaContext,
    @Param('workspaceId') workspaceId: string,
    @Res() res: DemoResponse,
  ): Promise<void> {
    sendResult(res, await this.demo.handlers.listProjects(fga, workspaceId));
  }

  @Post(':workspaceId/projects')
  @RequirePermission('workspace', 'project:create', { conceal: { unless: 'workspace:view' } })
  async createProject(
    @Membership() fga: FgaContext,
    @Param('workspaceId') workspaceId: string,
    @Body() body: unknown,
    @Res() res: DemoResponse,
  ): Promise<void> {
    sendResult(res, await this.demo.handlers.createProject(fga, workspaceId, body));
  }
}
