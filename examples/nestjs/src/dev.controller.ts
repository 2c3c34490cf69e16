// Demo mode only: sign in as a seeded user (`POST /dev/token`) and the key set that verifies the
// tokens. AppModule registers this controller only when the demo runs in demo mode.
import type { Demo } from '@fgakit/example-shared';
import { Public } from '@fgakit/nestjs';
import { Body, Controller, Get, Inject, Post, Res } from '@nestjs/common';
import { DEMO } from './demo.constants.js';
import { type DemoResponse, sendResult } from './demo-result.js';

/** Dev-only sign-in and key set; public routes, registered in demo mode only. */
@Public()
@Controller()
export class DevController {
  constructor(@Inject(DEMO) private readonly demo: Demo) {}

  @Post('dev/token')
  async token(@Body() body: unknown, @Res() res: DemoResponse): Promise<void> {
    if (this.demo.issueDevToken === undefined)
      throw new Error('DevController is registered in demo mode only');
    sendResult(res, await this.demo.issueDevToken(body));
  }

  @Get('.well-known/jwks.json')
  async jwks(@Res() res: DemoResponse): Promise<void> {
    if (this.demo.jwks === undefined) throw new Error('DevController is registered in demo mode only');
    sendResult(res, { status: 200, body: await this.demo.jwks() });
  }
}
