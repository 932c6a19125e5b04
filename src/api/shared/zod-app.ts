import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/**
 * The Fastify instance a route plugin receives, with zod schemas typing requests and replies: what
 * a route file's `registerX(app, …)` functions take, one per route or small group of routes.
 */
export type ZodApp = Parameters<FastifyPluginAsyncZod>[0];
