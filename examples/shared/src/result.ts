// What a framework-neutral demo handler answers; each app writes it with its own idiom.
import { type FgaError, isFgaError } from '@fgakit/core';
import { problemResponse } from '@fgakit/core/http';

/** Status, optional JSON body and headers, written verbatim by the app. */
export interface DemoResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The JSON answer `status` + `body`. */
export function json(status: number, body: unknown): DemoResult {
  return { status, body, headers: { 'content-type': 'application/json; charset=utf-8' } };
}

/** An `application/problem+json` answer for an fgakit error (the same body the guards send). */
export function problem(error: FgaError): DemoResult {
  const response = problemResponse(error);
  return { status: response.status, body: response.body, headers: response.headers };
}

/** Run `work`; an fgakit error it throws becomes its problem answer, anything else propagates. */
export async function answer(work: () => Promise<DemoResult>): Promise<DemoResult> {
  try {
    return await work();
  } catch (error) {
    if (isFgaError(error)) return problem(error);
    throw error;
  }
}
