// Injection token of the demo (seeded engine, handlers, documents store) inside the Nest app.

/** The `Demo` made by `createDemo()`, provided by `AppModule.forDemo(demo)`. */
export const DEMO = Symbol.for('fgakit:example-nestjs:demo');
