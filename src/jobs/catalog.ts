import type { z } from 'zod';
import type { Logger } from '../lib/logger.js';

export interface JobContext {
  jobId: string;
  /** 1 on the first run. */
  attempt: number;
  logger: Logger;
  /** Aborted when the attempt passes its job type's timeout: stop work that can be stopped. */
  signal: AbortSignal;
}

export const DEFAULT_MAX_ATTEMPTS = 8;
export const DEFAULT_JOB_TIMEOUT_MS = 60_000;

/**
 * A kind of job: its name, its payload schema and its limits. The value is the reference `enqueue`
 * takes, so a payload is type-checked where the job is queued; handlers are bound to it apart
 * (`handleJob`), where their dependencies are.
 */
export interface JobType<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly schema: S;
  /** Runs before the job is dead. */
  readonly maxAttempts: number;
  /** One attempt longer than this fails (and is retried with backoff). */
  readonly timeoutMs: number;
}

export function defineJob<S extends z.ZodType>(
  name: string,
  schema: S,
  options: { maxAttempts?: number; timeoutMs?: number } = {},
): JobType<S> {
  return Object.freeze({
    name,
    schema,
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    timeoutMs: options.timeoutMs ?? DEFAULT_JOB_TIMEOUT_MS,
  });
}

/** A job type bound to what runs it. Its payload has been checked against the type's schema. */
export interface JobHandler {
  type: JobType;
  run(payload: unknown, ctx: JobContext): Promise<void>;
}

export function handleJob<S extends z.ZodType>(
  type: JobType<S>,
  run: (payload: z.output<S>, ctx: JobContext) => Promise<void>,
): JobHandler {
  // The worker parses every payload with `type.schema` before it calls run: the type holds.
  return { type, run: (payload, ctx) => run(payload as z.output<S>, ctx) };
}

/** name → handler. Jobs are registered by the modules that own them; the worker only runs them. */
export type JobCatalog = ReadonlyMap<string, JobHandler>;

export function createCatalog(handlers: readonly JobHandler[]): JobCatalog {
  const catalog = new Map<string, JobHandler>();
  for (const handler of handlers) {
    if (catalog.has(handler.type.name)) throw new Error(`job ${handler.type.name} is defined twice`);
    catalog.set(handler.type.name, handler);
  }
  return catalog;
}
