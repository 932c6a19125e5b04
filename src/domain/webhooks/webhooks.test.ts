import { lookup } from 'node:dns/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContainer } from '../../../test/support/app.js';
import { testDatabases } from '../../../test/support/databases.js';
import {
  type Received,
  startWebhookReceiver,
  verifyWebhook,
} from '../../../test/support/webhook-receiver.js';
import type { Container } from '../../container.js';
import { createManualClock, type ManualClock } from '../../lib/clock.js';
import { transact } from '../../store/tx.js';
import { RETRY_DELAYS_MS } from '../../webhooks/schedule.js';
import { createSender } from '../../webhooks/send.js';
import { emit } from '../events/emit.js';
import { createWebhooksModule } from './webhooks.module.js';

type Receiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

describe.each(testDatabases)('outbound webhooks on $name', (database) => {
  let container: Container;
  let clock: ManualClock;
  let receiver: Receiver;
  let tenant: { brandId: string };

  beforeEach(async () => {
    clock = createManualClock(new Date('2026-12-01T00:00:00.000Z'));
    container = await createTestContainer(database, { clock });
    tenant = { brandId: (await container.brands.create({ name: 'Acme' })).brand.id };
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    await receiver.close();
    await container.close();
  });

  const record = (n: number) =>
    transact(container.store.db, (tx) =>
      emit(
        tx,
        tenant.brandId,
        {
          type: 'item.linked',
          subjectId: `item-${n}`,
          data: { plaid_item_id: `item-${n}`, owner_id: 'owner-1' },
        },
        clock.now().toISOString(),
      ),
    );
  const dispatcher = () => container.webhooks.dispatcher({ random: () => 0 });
  const attemptTimes = (eventId: string, log: Received[]) =>
    log.filter((r) => r.headers['webhook-id'] === eventId).map((r) => Number(r.headers['webhook-timestamp']));

  it('signs every delivery as Standard Webhooks; a tampered body does not verify', async () => {
    const { secret } = await container.webhooks.endpoints.create(tenant, { url: receiver.url });
    const eventId = await record(1);
    expect(await dispatcher().drain()).toBe(1);
    const [got] = receiver.received;
    if (!got) throw new Error('nothing received');
    expect(got.headers['webhook-id']).toBe(eventId);
    expect(verifyWebhook(secret, got, clock.now())).toEqual({
      type: 'item.linked',
      timestamp: clock.now().toISOString(),
      data: { plaid_item_id: 'item-1', owner_id: 'owner-1' },
    });
    expect(() =>
      verifyWebhook(secret, { ...got, body: got.body.replace('item-1', 'item-2') }, clock.now()),
    ).toThrow('No matching signature');
    expect(() => verifyWebhook(`whsec_${Buffer.alloc(24, 1).toString('base64')}`, got, clock.now())).toThrow(
      'No matching signature',
    );
  });

  it('delivers every event after the receiver was down for a day, at the scheduled times', async () => {
    let down = true;
    receiver.setAnswer(() => ({ status: down ? 503 : 204 }));
    await container.webhooks.endpoints.create(tenant, { url: receiver.url });
    const start = clock.now().getTime();
    const ids = [await record(1), await record(2), await record(3)];
    const sender = dispatcher();
    await sender.drain();
    let offset = 0;
    for (const [i, delayMs] of RETRY_DELAYS_MS.entries()) {
      offset += delayMs;
      clock.set(new Date(start + offset));
      if (offset > 24 * 3_600_000) down = false;
      expect(await sender.drain(), `attempt ${i + 2}`).toBe(3);
      if (!down) break;
    }
    const expected: number[] = [start];
    for (const delayMs of RETRY_DELAYS_MS) expected.push((expected.at(-1) ?? 0) + delayMs);
    for (const id of ids)
      expect(attemptTimes(id, receiver.received)).toEqual(expected.map((t) => Math.floor(t / 1000)));
    const { data } = await container.webhooks.deliveries.list(
      tenant,
      (await container.webhooks.endpoints.list(tenant))[0]?.id ?? '',
      { limit: 10 },
    );
    expect(data.map((d) => [d.state, d.attempts, d.lastStatus])).toEqual(
      ids.map(() => ['succeeded', 8, 204]),
    );
  });

  it('disables an endpoint that fails everything for five days, and records that it did', async () => {
    receiver.setAnswer(() => ({ status: 500 }));
    const { endpoint } = await container.webhooks.endpoints.create(tenant, { url: receiver.url });
    const other = await startWebhookReceiver();
    try {
      await container.webhooks.endpoints.create(tenant, {
        url: other.url,
        eventTypes: ['webhook_endpoint.disabled'],
      });
      const sender = dispatcher();
      for (let hour = 0; hour <= 6 * 24; hour++) {
        if (hour % 6 === 0) await record(hour);
        await sender.drain();
        if ((await container.webhooks.endpoints.get(tenant, endpoint.id)).disabled) break;
        clock.advance(3_600_000);
      }
      const disabled = await container.webhooks.endpoints.get(tenant, endpoint.id);
      expect(disabled).toMatchObject({ disabled: true, disabledReason: 'failing' });
      const failingFor = clock.now().getTime() - Date.parse('2026-12-01T00:00:00.000Z');
      expect(failingFor).toBeGreaterThanOrEqual(5 * 24 * 3_600_000);
      expect(failingFor).toBeLessThan(5 * 24 * 3_600_000 + 2 * 3_600_000);
      await sender.drain();
      expect(other.received.map((r) => (JSON.parse(r.body) as { type: string }).type)).toEqual([
        'webhook_endpoint.disabled',
      ]);
      const before = receiver.received.length;
      await record(999);
      await sender.drain();
      expect(receiver.received.length).toBe(before); // disabled: no new deliveries
    } finally {
      await other.close();
    }
  });

  it('signs with both secrets while a rotation overlaps, then with the new one only', async () => {
    const { endpoint, secret: oldSecret } = await container.webhooks.endpoints.create(tenant, {
      url: receiver.url,
    });
    const sender = dispatcher();
    await record(1);
    await sender.drain();
    const { secret: newSecret } = await container.webhooks.endpoints.rotateSecret(tenant, endpoint.id);
    await record(2);
    clock.advance(23 * 3_600_000);
    await record(3);
    await sender.drain();
    const sentAt = (got: Received) => new Date(Number(got.headers['webhook-timestamp']) * 1000);
    for (const got of receiver.received)
      expect(() => verifyWebhook(oldSecret, got, sentAt(got))).not.toThrow();
    for (const got of receiver.received.slice(1))
      expect(() => verifyWebhook(newSecret, got, sentAt(got))).not.toThrow();
    clock.advance(3_600_000 + 1000);
    await record(4);
    await sender.drain();
    const last = receiver.received.at(-1);
    if (!last) throw new Error('nothing received');
    expect(() => verifyWebhook(newSecret, last, sentAt(last))).not.toThrow();
    expect(() => verifyWebhook(oldSecret, last, sentAt(last))).toThrow('No matching signature');
  });

  it('does not follow a redirect (to a private address or anywhere)', async () => {
    const target = await startWebhookReceiver();
    try {
      receiver.setAnswer(() => ({ status: 302, headers: { location: target.url } }));
      const { endpoint } = await container.webhooks.endpoints.create(tenant, { url: receiver.url });
      await record(1);
      await dispatcher().drain();
      expect(target.received).toEqual([]);
      const { data } = await container.webhooks.deliveries.list(tenant, endpoint.id, { limit: 1 });
      expect(data[0]).toMatchObject({
        state: 'pending',
        lastStatus: 302,
        lastError: 'redirect 302 not followed',
      });
    } finally {
      await target.close();
    }
  });

  it('outside local development refuses private endpoints, at creation and again at each delivery', async () => {
    let answer = '127.0.0.2'; // stands for a public address here
    const guarded = createWebhooksModule({
      db: container.store.db,
      store: container.store,
      clock,
      keyring: container.keyring,
      logger: container.logger,
      policy: {
        allowPrivate: false,
        isPublic: (address) => address === '127.0.0.2',
        resolve: async (host) =>
          host === 'rebind.example' ? [{ address: answer, family: 4 }] : lookup(host, { all: true }),
      },
    });
    await expect(guarded.endpoints.create(tenant, { url: receiver.url })).rejects.toMatchObject({
      code: 'validation_error',
      message: 'url: must be an https URL.',
    });
    await expect(guarded.endpoints.create(tenant, { url: 'https://localhost/hook' })).rejects.toMatchObject({
      message: expect.stringContaining('not a public address') as unknown,
    });
    const { endpoint } = await guarded.endpoints.create(tenant, { url: 'https://rebind.example/hook' });
    answer = '127.0.0.1'; // the name now points inside
    await record(1);
    await guarded.dispatcher({ random: () => 0 }).drain();
    const { data } = await guarded.deliveries.list(tenant, endpoint.id, { limit: 1 });
    expect(data[0]).toMatchObject({
      state: 'pending',
      lastStatus: null,
      lastError: 'resolves to 127.0.0.1, which is not a public address',
    });
  });

  it('keeps delivering to a healthy endpoint while another hangs', async () => {
    const hanging = await startWebhookReceiver({ answer: () => ({ status: 200, delayMs: 30_000 }) });
    try {
      await container.webhooks.endpoints.create(tenant, { url: hanging.url });
      await container.webhooks.endpoints.create(tenant, { url: receiver.url });
      const sender = container.webhooks.dispatcher({
        sender: createSender({ timeoutMs: 5_000 }),
        pollMs: 10,
      });
      sender.start();
      try {
        for (let n = 0; n < 30; n++) await record(n);
        const started = Date.now();
        while (receiver.received.length < 30 && Date.now() - started < 4_000)
          await new Promise((r) => setTimeout(r, 10));
        expect(receiver.received).toHaveLength(30);
        // The hanging endpoint holds at most its share of the sender, and is still holding it.
        expect(hanging.received.length).toBeLessThanOrEqual(8);
      } finally {
        await sender.stop();
      }
    } finally {
      await hanging.close();
    }
  });

  it('sends an event again on request, and recovers what failed since a time', async () => {
    receiver.setAnswer(() => ({ status: 500 }));
    const { endpoint } = await container.webhooks.endpoints.create(tenant, { url: receiver.url });
    const sender = dispatcher();
    const first = await record(1);
    await sender.drain();
    for (const delayMs of RETRY_DELAYS_MS) {
      clock.advance(delayMs);
      await sender.drain();
    }
    receiver.setAnswer(() => ({ status: 200 }));
    expect(await container.webhooks.deliveries.recover(tenant, endpoint.id, '2026-11-30T00:00:00Z')).toBe(1);
    await sender.drain();
    expect(receiver.received.at(-1)?.headers['webhook-id']).toBe(first);
    expect(await container.webhooks.deliveries.recover(tenant, endpoint.id, '2026-11-30T00:00:00Z')).toBe(0);
    const again = await container.webhooks.deliveries.redeliver(tenant, first);
    expect(again).toHaveLength(1);
    await sender.drain();
    expect(receiver.received.filter((r) => r.headers['webhook-id'] === first).length).toBe(10);
  });
});
