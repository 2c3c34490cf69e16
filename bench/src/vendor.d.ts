// Minimal typings for the frameworks the guard benchmark mounts: bench/ has no @types/express or
// @types/koa (and adds no dependencies), and Koa 2 / Express ship none. Only what the benchmark
// servers and the adapters' declarations use is declared.

declare module 'express' {
  import type { IncomingMessage, Server, ServerResponse } from 'node:http';

  export interface Request extends IncomingMessage {
    readonly params: Record<string, string>;
    readonly path: string;
    readonly query: Record<string, unknown>;
    body: unknown;
    get(name: string): string | undefined;
  }
  export interface Response extends ServerResponse {
    json(body: unknown): this;
    status(code: number): this;
  }
  export type NextFunction = (err?: unknown) => void;
  export type RequestHandler = (req: Request, res: Response, next: NextFunction) => void;
  export type ErrorRequestHandler = (err: unknown, req: Request, res: Response, next: NextFunction) => void;
  export interface Application {
    (req: IncomingMessage, res: ServerResponse): void;
    disable(setting: string): this;
    get(path: string, ...handlers: RequestHandler[]): this;
    use(...handlers: (RequestHandler | ErrorRequestHandler)[]): this;
    listen(port: number, host: string, callback?: () => void): Server;
  }
  export default function express(): Application;
}

declare module 'express4' {
  export { default } from 'express';
}

declare module 'koa' {
  import type { IncomingMessage, Server, ServerResponse } from 'node:http';

  export type Next = () => Promise<unknown>;
  export interface ParameterizedContext<StateT = unknown, ContextT = unknown, ResponseBodyT = unknown> {
    readonly req: IncomingMessage;
    readonly res: ServerResponse;
    readonly method: string;
    readonly path: string;
    readonly params: Record<string, string>;
    state: StateT;
    status: number;
    body: ResponseBodyT;
    context?: ContextT;
    get(field: string): string;
    set(field: string, value: string): void;
  }
  export type Context = ParameterizedContext;
  export type Middleware = (ctx: ParameterizedContext, next: Next) => unknown;

  export default class Koa {
    use(middleware: Middleware): this;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    listen(port: number, host: string, callback?: () => void): Server;
  }
}

declare module '@koa/router' {
  import type { Middleware } from 'koa';

  export default class Router {
    get(path: string, ...middleware: Middleware[]): this;
    routes(): Middleware;
    allowedMethods(): Middleware;
  }
}
