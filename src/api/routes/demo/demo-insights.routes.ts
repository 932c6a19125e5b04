import type { FastifyInstance } from 'fastify';
import { CountryCode, type PlaidApi, Products } from 'plaid';
import { z } from 'zod';
import { type DemoBackend, relay } from './demo-hosted.routes.js';

/**
 * The Insights tab's backend: the demo brand links an account with the transactions product on its
 * own Plaid keys, mints a processor token for Linkport and registers it for both insight jobs, then
 * shows the results. The dates of each stream's transactions (for its timeline) come from the
 * brand's own read of its Item, as a brand would draw them.
 */
export function registerDemoInsights(app: FastifyInstance, backend: DemoBackend & { plaid: PlaidApi }): void {
  const hide = { schema: { hide: true } };
  // The brand's own record of its Items by processor link: a real brand keeps this in its database.
  const accessTokens = new Map<string, string>();
  const id = z.string().trim().min(1).max(128);

  app.post('/demo/api/insights/link_token', hide, async () => {
    const { data } = await backend.plaid.linkTokenCreate({
      client_name: 'Demo Brand',
      language: 'en',
      country_codes: [CountryCode.Us],
      user: { client_user_id: 'demo-user' },
      products: [Products.Transactions],
      transactions: { days_requested: 180 },
    });
    return { link_token: data.link_token };
  });

  app.post('/demo/api/insights/links', hide, async (request, reply) => {
    const body = backend.parse(z.object({ public_token: id, plaid_account_id: id }), request.body);
    const { data: item } = await backend.plaid.itemPublicTokenExchange({ public_token: body.public_token });
    const { data: token } = await backend.plaid.processorTokenCreate({
      access_token: item.access_token,
      account_id: body.plaid_account_id,
      processor: 'linkport' as never,
    });
    const registered = await backend.linkport().POST('/plaid/processor-link', {
      body: {
        processor_token: token.processor_token,
        jobs: ['employer-classification', 'recurrence-detection'],
      },
    });
    if (registered.data) accessTokens.set(registered.data.id, item.access_token);
    return relay(reply, registered);
  });

  app.get('/demo/api/insights/links/:id', hide, async (request, reply) => {
    const linkId = backend.parse(z.object({ id }), request.params).id;
    const path = { params: { path: { processor_link_id: linkId } } };
    const [link, employer, recurring] = await Promise.all([
      backend.linkport().GET('/plaid/processor-link/{processor_link_id}', path),
      backend.linkport().GET('/plaid/processor-link/{processor_link_id}/employer-matches', path),
      backend.linkport().GET('/plaid/processor-link/{processor_link_id}/recurring-transactions', path),
    ]);
    if (!link.data || !employer.data || !recurring.data) return relay(reply, link.data ? employer : link);
    return {
      link: link.data,
      employer: employer.data,
      recurring: recurring.data,
      dates: await transactionDates(backend.plaid, accessTokens.get(linkId)),
    };
  });
}

/** transaction_id → date, from the brand's own read of its Item. */
async function transactionDates(
  plaid: PlaidApi,
  accessToken: string | undefined,
): Promise<Record<string, string>> {
  const dates: Record<string, string> = {};
  if (!accessToken) return dates;
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const { data } = await plaid.transactionsSync({
      access_token: accessToken,
      ...(cursor ? { cursor } : {}),
    });
    for (const t of data.added) dates[t.transaction_id] = t.date;
    cursor = data.next_cursor;
    if (!data.has_more) break;
  }
  return dates;
}
