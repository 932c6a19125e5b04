import type { Logger } from '../../lib/logger.js';
import type { Store } from '../../store/db.js';
import { createWebhookDispatcher, type DispatcherOptions } from '../../webhooks/dispatcher.js';
import type { Tenant } from '../tenant.js';
import { recoverEndpoint, redeliverEvent, listDeliveries } from './deliveries.js';
import {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  listEndpoints,
  recordEndpointDisabled,
  rotateSecret,
  updateEndpoint,
} from './endpoints.js';
import type { WebhooksContext } from './webhooks.context.js';

/** Outbound webhooks, wired: brands' endpoints, their deliveries, replay, and the dispatcher. */
export function createWebhooksModule(ctx: WebhooksContext & { store: Store; logger: Logger }) {
  const bind =
    <A extends unknown[], R>(fn: (ctx: WebhooksContext, ...args: A) => R) =>
    (...args: A): R =>
      fn(ctx, ...args);
  return {
    endpoints: {
      create: bind(createEndpoint),
      list: (tenant: Tenant) => listEndpoints(ctx, tenant),
      get: bind(getEndpoint),
      update: bind(updateEndpoint),
      delete: bind(deleteEndpoint),
      rotateSecret: bind(rotateSecret),
    },
    deliveries: {
      list: bind(listDeliveries),
      redeliver: bind(redeliverEvent),
      recover: bind(recoverEndpoint),
    },
    /** The sender of deliveries, for `start` and `worker` (options override the defaults, for tests). */
    dispatcher: (options: Partial<Omit<DispatcherOptions, 'store' | 'keyring' | 'onDisabled'>> = {}) =>
      createWebhookDispatcher({
        store: ctx.store,
        keyring: ctx.keyring,
        clock: ctx.clock,
        logger: ctx.logger.child({ component: 'webhooks' }),
        policy: ctx.policy,
        onDisabled: recordEndpointDisabled,
        ...options,
      }),
  };
}

export type WebhooksModule = ReturnType<typeof createWebhooksModule>;
