import { z } from 'zod';
import type { ApiKey, CreatedApiKey, NewApiKey } from '../../domain/access/api-keys.js';
import type { AuditEntry, AuditQuery } from '../../domain/access/audit.js';
import { API_AREAS } from '../../domain/access/scopes.js';
import { formatApiTime } from '../../lib/time.js';
import { listQuerySchema } from './paging.js';

/** API keys and audit entries as brand and admin routes both show them. */

const isoTime = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 time, e.g. 2026-12-01T00:00:00Z',
});

export const apiKeySchema = z
  .object({
    api_key_id: z.string().describe("The key's public id: send it as the Identity header."),
    name: z.string(),
    scopes: z.array(z.enum(API_AREAS)).nullable().describe('The areas the key reaches; null is every area.'),
    read_only: z.boolean().describe('A read-only key makes GET requests only.'),
    created_by: z.string().nullable().describe('The API key id or admin token name that created it.'),
    date_created: z.string(),
    last_used_at: z
      .string()
      .nullable()
      .describe('When the key last authenticated a request, to the minute (recorded off the request path).'),
    expires_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });

export const createdApiKeySchema = apiKeySchema
  .extend({
    identity: z.string().describe('Send as the Identity header (the same as api_key_id).'),
    secret: z.string().describe('Send as the Authorization header. Shown only once.'),
  })
  .meta({ id: 'CreatedApiKey' });

export const createApiKeyBody = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  scopes: z
    .array(z.enum(API_AREAS))
    .min(1, 'must name at least one area, or be left out for every area')
    .optional()
    .describe(`Limit the key to these areas: ${API_AREAS.join(', ')}. Left out: every area.`),
  read_only: z.boolean().default(false).describe('When true the key makes GET requests only.'),
  expires_at: isoTime.optional().describe('When the key stops working; left out, it does not expire.'),
});

export const apiKeyListSchema = z.object({ data: z.array(apiKeySchema) }).meta({ id: 'ApiKeyList' });

const time = (value: string | null) => (value === null ? null : formatApiTime(value));

export function presentApiKey(key: ApiKey) {
  return {
    api_key_id: key.id,
    name: key.name,
    scopes: key.scopes === null ? null : [...key.scopes],
    read_only: key.readOnly,
    created_by: key.createdBy,
    date_created: formatApiTime(key.createdAt),
    last_used_at: time(key.lastUsedAt),
    expires_at: time(key.expiresAt),
    revoked_at: time(key.revokedAt),
  };
}

export function presentCreatedApiKey(created: CreatedApiKey) {
  return { ...presentApiKey(created.key), identity: created.key.id, secret: created.secret };
}

export function toNewApiKey(body: z.infer<typeof createApiKeyBody>): NewApiKey {
  return {
    name: body.name,
    scopes: body.scopes ?? null,
    readOnly: body.read_only,
    expiresAt: body.expires_at === undefined ? null : new Date(body.expires_at).toISOString(),
  };
}

export const auditEntrySchema = z
  .object({
    audit_entry_id: z.string(),
    brand_id: z.string().nullable(),
    actor_type: z.enum(['api_key', 'admin_token']),
    actor_id: z
      .string()
      .nullable()
      .describe('The API key id, or the admin token name (`bootstrap` for the configured one).'),
    action: z.string().describe('e.g. transfer.created, api_key.revoked, external_account.numbers_revealed'),
    object_type: z.string(),
    object_id: z.string(),
    request_id: z.string().nullable(),
    source_address: z.string().nullable(),
    date_created: z.string(),
  })
  .meta({ id: 'AuditEntry' });

export const auditQuerySchema = listQuerySchema.extend({
  actor_id: z.string().min(1).max(128).optional(),
  object_type: z.string().min(1).max(64).optional(),
  object_id: z.string().min(1).max(128).optional(),
  action: z.string().min(1).max(64).optional(),
  since: isoTime.optional().describe('Entries at or after this time.'),
  until: isoTime.optional().describe('Entries before this time.'),
});

export function toAuditQuery(query: z.infer<typeof auditQuerySchema>): AuditQuery {
  const iso = (v: string | undefined) => (v === undefined ? undefined : new Date(v).toISOString());
  return {
    actorId: query.actor_id,
    objectType: query.object_type,
    objectId: query.object_id,
    action: query.action,
    since: iso(query.since),
    until: iso(query.until),
  };
}

export function presentAuditEntry(entry: AuditEntry) {
  return {
    audit_entry_id: entry.id,
    brand_id: entry.brandId,
    actor_type: entry.actorType,
    actor_id: entry.actorId,
    action: entry.action,
    object_type: entry.objectType,
    object_id: entry.objectId,
    request_id: entry.requestId,
    source_address: entry.sourceAddress,
    date_created: formatApiTime(entry.createdAt),
  };
}
