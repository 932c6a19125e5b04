import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/support/app.js';
import { testDatabases } from '../../test/support/databases.js';
import { createLinkportClient, type LinkportClient, type LinkportError } from './index.js';

const ada = { first_name: 'Ada', last_name: 'Lovelace', date_of_birth: '1985-12-10' };

/** The typed client as a brand's backend uses it, against the real API over HTTP. */
describe.each(testDatabases)('the typed client on $name', (database) => {
  let server: TestServer;
  let linkport: LinkportClient;
  const sent: Request[] = [];

  beforeAll(async () => {
    server = await startTestServer(database);
    const { headers } = await server.createBrand('Acme');
    linkport = createLinkportClient({
      baseUrl: server.url,
      identity: headers.identity ?? '',
      secret: headers.authorization ?? '',
      fetch: (request) => {
        sent.push(request.clone());
        return fetch(request);
      },
    });
  });
  afterAll(() => server.close());

  it('creates a customer, reads it back and lists it, sending the brand headers', async () => {
    const created = await linkport.POST('/api/v0.1/customers', { body: ada });
    expect(created.response.status).toBe(201);
    const customer = created.data;
    expect(customer).toMatchObject({ first_name: 'Ada', last_name: 'Lovelace', date_of_birth: '1985-12-10' });
    if (!customer) return;

    const read = await linkport.GET('/api/v0.1/customers/{customer_id}', {
      params: { path: { customer_id: customer.customer_id } },
    });
    expect(read.data).toEqual(customer);

    await linkport.POST('/api/v0.1/customers', { body: { ...ada, first_name: 'Grace' } });
    const first = await linkport.GET('/api/v0.1/customers', { params: { query: { limit: 1 } } });
    expect(first.data).toEqual({ data: [customer], has_more: true });
    const next = await linkport.GET('/api/v0.1/customers', {
      params: { query: { limit: 1, starting_after: customer.customer_id } },
    });
    expect(next.data?.data.map((c) => c.first_name)).toEqual(['Grace']);
    expect(next.data?.has_more).toBe(false);

    const request = sent.at(-1);
    expect(request?.headers.get('identity')).toMatch(/\S/);
    expect(request?.headers.get('authorization')).toMatch(/^lpsk_/);
  });

  it('gives an error answer as the documented error body', async () => {
    const invalid = await linkport.POST('/api/v0.1/customers', {
      body: { first_name: 'Ada', date_of_birth: '1985-12-10' } as typeof ada,
    });
    expectTypeOf(invalid.error).toEqualTypeOf<LinkportError | undefined>();
    expect(invalid.data).toBeUndefined();
    expect(invalid.response.status).toBe(400);
    expect(invalid.error).toEqual({
      Message: expect.stringContaining('last_name') as string,
      Status: 400,
      Code: 'validation_error',
      Type: 'Request Error',
      RequestId: invalid.response.headers.get('x-request-id'),
    });

    const missing = await linkport.GET('/api/v0.1/customers/{customer_id}', {
      params: { path: { customer_id: 'no-such-customer' } },
    });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.Code).toBe('not_found');

    const stranger = createLinkportClient({ baseUrl: server.url, identity: 'nobody', secret: 'wrong' });
    const refused = await stranger.GET('/api/v0.1/customers');
    expect(refused.response.status).toBe(401);
    expect(refused.error?.Status).toBe(401);
  });
});
