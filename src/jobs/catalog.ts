import type { z } from 'zod';
import type { Logger } from '../lib/logger.js';

export interface JobContext {
  jobId: string;
  /** 1 on the first run. */
  attempt: number;
  logger: Logger;
}

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  schema: S;
  handler: (payload: z.output<S>, ctx: JobContext) => Promise<void>;
  /** Runs before the job is dead; default 8. */
  maxAttempts?: number;
}

/** name → definition. Jobs are registered by the modules that own them; the worker only runs them. */
export type JobCatalog = ReadonlyMap<string, JobDefinition>;

export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition {
  return definition;
}

export function createCatalog(definitions: JobDefinition[]): JobCatalog {
  const catalog = new Map<string, JobDefinition>();
  for (const def of definitions) {
    if (catalog.has(def.name)) throw new Error(`job ${def.name} is defined twice`);
    catalog.set(def.name, def);
  }
  return catalog;
}
