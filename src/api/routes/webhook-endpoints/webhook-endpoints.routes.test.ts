import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/support/app.js';
import { testDatabases } from '../../../../test/support/databases.js';
import { startWebhookReceiver, verifyWebhook } from '../../../../test/support/webhook-receiver.js';
import { emit } from '../../../domain/events/emit.js';
import { transact } from '../../../store/tx.js';

type Json = Record<string, unknown>;

describe.each(testDatabases)('webhook endpoints over HTTP on $name', (database) => {
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  beforeAll(async () => {
    server = await startTestServer(database);
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await server.close();
  });

  const send = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };

  it('adds, lists, changes, rotates and deletes an endpoint; another brand sees none of it', async () => {
    const { brandId, headers } = await server.createBrand('Acme');
    const created = await send('POST', '/api/v0.1/webhook_endpoints', headers, {
      url: receiver.url,
      event_types: ['item.linked', 'external_account.removed'],
      description: 'our backend',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      url: receiver.url,
      event_types: ['item.linked', 'external_account.removed'],
      description: 'our backend',
      disabled: false,
      disabled_reason: null,
      previous_secret_expires_at: null,
    });
    const secret = String(created.body.secret);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const id = String(created.body.id);

    const listed = await send('GET', '/api/v0.1/webhook_endpoints', headers);
    expect(listed.body.data).toEqual([expect.not.objectContaining({ secret: expect.anything() as unknown })]);
    expect(JSON.stringify(listed.body)).not.toContain(secret.slice(6));

    const other = await server.createBrand('Globex');
    expect((await send('GET', `/api/v0.1/webhook_endpoints/${id}`, other.headers)).status).toBe(404);
    expect((await send('DELETE', `/api/v0.1/webhook_endpoints/${id}`, other.headers)).status).toBe(404);

    const changed = await send('PATCH', `/api/v0.1/webhook_endpoints/${id}`, headers, { event_types: null });
    expect(changed.body).toMatchObject({ event_types: null });
    const rotated = await send('POST', `/api/v0.1/webhook_endpoints/${id}/rotate_secret`, headers);
    expect(rotated.body.secret).not.toBe(secret);
    expect(rotated.body.previous_secret_expires_at).toEqual(expect.any(String));

    const now = server.container.clock.now().toISOString();
    const eventId = await transact(server.container.store.db, (tx) =>
      emit(
        tx,
        brandId,
        { type: 'item.linked', subjectId: 'i1', data: { plaid_item_id: 'i1', owner_id: 'o1' } },
        now,
      ),
    );
    await server.container.webhooks.dispatcher().drain();
    const got = receiver.received.at(-1);
    if (!got) throw new Error('nothing delivered');
    expect(verifyWebhook(secret, got)).toMatchObject({ type: 'item.linked' });
    expect(verifyWebhook(String(rotated.body.secret), got)).toMatchObject({ type: 'item.linked' });

    const deliveries = await send('GET', `/api/v0.1/webhook_endpoints/${id}/deliveries`, headers);
    expect(deliveries.body).toMatchObject({
      has_more: false,
      data: [
        {
          event_id: eventId,
          event_type: 'item.linked',
          status: 'succeeded',
          attempts: 1,
          last_http_status: 200,
        },
      ],
    });
    const again = await send('POST', `/api/v0.1/events/${eventId}/redeliver`, headers, { endpoint_id: id });
    expect(again).toMatchObject({ status: 202, body: { deliveries: [{ endpoint_id: id }] } });
    expect((await send('POST', `/api/v0.1/events/${eventId}/redeliver`, other.headers, {})).status).toBe(404);
    const recovered = await send('POST', `/api/v0.1/webhook_endpoints/${id}/recover`, headers, {
      since: now,
    });
    expect(recovered).toMatchObject({ status: 202, body: { redelivered: 0 } });

    expect((await send('DELETE', `/api/v0.1/webhook_endpoints/${id}`, headers)).body).toEqual({
      id,
      deleted: true,
    });
    expect((await send('GET', `/api/v0.1/webhook_endpoints/${id}`, headers)).status).toBe(404);
  });

  it('names the field that is wrong', async () => {
    const { headers } = await server.createBrand('Acme');
    const cases: Array<[unknown, string]> = [
      [{ url: 'ftp://example.com/x' }, 'url: must be an http or https URL.'],
      [{ url: 'not a url' }, 'url: is not an absolute URL.'],
      [
        { url: receiver.url, event_types: ['item.exploded'] },
        'event_types: item.exploded is not an event type',
      ],
      [{ url: receiver.url, event_types: [] }, 'event_types'],
      [{}, 'url: is required'],
    ];
    for (const [body, message] of cases) {
      const answer = await send('POST', '/api/v0.1/webhook_endpoints', headers, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(String(answer.body.Message)).toContain(message);
    }
    const created = await send('POST', '/api/v0.1/webhook_endpoints', headers, { url: receiver.url });
    const bad = await send(
      'POST',
      `/api/v0.1/webhook_endpoints/${String(created.body.id)}/recover`,
      headers,
      {
        since: 'yesterday',
      },
    );
    expect(bad.status).toBe(400);
    expect(String(bad.body.Message)).toContain('since');
  });
});
