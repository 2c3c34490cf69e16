// /projects/:projectId: reading is concealed; a denied write answers 404 when the caller may not
// even view the project, else 403, so existence never leaks.
import type { FgaContext } from '@fgakit/core/http';
import type { Demo } from '@fgakit/example-shared';
import { Membership, RequirePermission } from '@fgakit/nestjs';
import { Body, Controller, Delete, Get, Inject, Param, Patch, Res } from '@nestjs/common';
import { DEMO } from './demo.constants.js';
import { type DemoResponse, sendResult } from './demo-result.js';

/** `/projects/:projectId` read, update, delete and effective permissions (see examples/README.md). */
@Controller('projects')
export class ProjectsController {
  constructor(@Inject(DEMO) private readonly demo: Demo) {}

  @Get(':projectId')
  @RequirePermission('project', 'project:view', { conceal: true })
  async find(
    @Membership() fga: FgaContext,
    @Param('projectId') projectId: string,
    @Res() res: DemoResponse,
  ): Promise<void> {
    sendResult(res, await this.demo.handlers.getProject(fga, projectId));
  }

  @Patch(':projectId')
  @RequirePermission('project', 'project:edit', { conceal: { unless: 'project:view' } })
  async update(
    @Membership() fga: FgaContext,
    @Param('projectId') projectId: string,
    @Body() body: unknown,
    @Res() res: DemoResponse,
  ): Promise<void> {
    sendResult(res, await this.demo.handlers.updateProject(fga, projectId, body));
  }

  @Delete(':projectId')
  @RequirePermission('project', 'project:delete', { conceal: { unless: 'project:view' } })
  async remove(
    @Membership() fga: FgaContext,
    @Param('projectId') projectId: string,
    @Res() res: DemoResponse,
  ): Promise<void> {
    sendResult(res, await this.demo.handlers.deleteProject(fga, projectId));
  }

  @Get(':projectId/permissions')
  @RequirePermission('project', 'project:view', { conceal: true })
  async permissions(
    @Membership() fga: FgaContext,
    @Param('projectId') projectId: string,
    @Res() res: DemoResponse,
  ): Promise<void> {
    sendResult(res, await this.demo.handlers.projectPermissions(fga, projectId));
  }
}
