// The demo API as a Nest module: FgaModule (global PermissionGuard, fail closed) over the demo's
// runtime options, the controllers of examples/README.md, and the dev routes in demo mode only.
import type { Demo } from '@fgakit/example-shared';
import { FgaModule } from '@fgakit/nestjs';
import { type DynamicModule, Module } from '@nestjs/common';
import { AppsController } from './apps.controller.js';
import { DEMO } from './demo.constants.js';
import { DevController } from './dev.controller.js';
import { DocumentLoader } from './document.loader.js';
import { DocumentsController } from './documents.controller.js';
import { ProjectsController } from './projects.controller.js';
import { WorkspacesController } from './workspaces.controller.js';

/** The demo API module; build it with {@link AppModule.forDemo}. */
@Module({})
export class AppModule {
  /**
   * The app module for one demo (made by `createDemo()`).
   *
   * @example
   * ```ts
   * const app = await NestFactory.create(AppModule.forDemo(await createDemo()));
   * ```
   */
  static forDemo(demo: Demo): DynamicModule {
    return {
      module: AppModule,
      imports: [FgaModule.forRoot(demo.runtimeOptions)],
      controllers: [
        // without demo mode the dev routes do not exist at all (404), not merely refuse
        ...(demo.demoMode ? [DevController] : []),
        WorkspacesController,
        ProjectsController,
        AppsController,
        DocumentsController,
      ],
      providers: [{ provide: DEMO, useValue: demo }, DocumentLoader],
    };
  }
}
