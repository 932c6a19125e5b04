import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabases, type TestStore } from '../../../test/support/databases.js';
import { createManualClock } from '../../lib/clock.js';
import { createLogger } from '../../lib/logger.js';
import { createBrandsService } from '../brands/brands.service.js';
import { createAccessModule } from './access.module.js';
import { ACCESS_VERSION_MAX_AGE_MS } from './key-auth.js';

const origin = { requestId: 'req_test', sourceAddress: '127.0.0.1' };

/** The last character swapped for another: a wrong secret of the right length. */
function sameLengthWrong(secret: string): string {
  return `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
}

describe.each(testDatabases)('API key authentication on $name', (database) => {
  const clock = createManualClock(new Date());
  let store: TestStore;
  const openAccess = () =>
    createAccessModule({ db: store.db, clock, logger: createLogger('silent'), adminToken: 'a'.repeat(32) });

  beforeEach(async () => {
    store = await database.open();
  });
  afterEach(() => store.close());

  it('refuses a wrong secret for a key whose right secret it has just accepted', async () => {
    const { brand, identity, secret } = await createBrandsService({ db: store.db, clock }).create({
      name: 'Acme',
    });
    const access = openAccess();
    expect(await access.auth.authenticate(identity, secret, origin)).toMatchObject({
      tenant: { brandId: brand.id, actor: { type: 'api_key', id: identity, ...origin } },
      access: { keyId: identity, areas: null, readOnly: false },
    });
    // The key and its access version are cached now: the answer comes without a promise.
    const again = access.auth.authenticate(identity, secret, origin);
    expect(again).not.toBeInstanceOf(Promise);
    expect(again).toMatchObject({ tenant: { brandId: brand.id } });

    for (const wrong of [sameLengthWrong(secret), `${secret}x`, secret.slice(0, -1)])
      expect(access.auth.authenticate(identity, wrong, origin)).toBeUndefined();
    expect(access.auth.authenticate('no-such-key', secret, origin)).toBeInstanceOf(Promise);
    expect(await access.auth.authenticate('no-such-key', secret, origin)).toBeUndefined();
    expect(access.auth.authenticate(identity, secret, origin)).toMatchObject({
      tenant: { brandId: brand.id },
    });
    await access.auth.flush();
  });

  it('refuses a key revoked by another process once the access version moves, though it accepted it a moment ago', async () => {
    const brands = createBrandsService({ db: store.db, clock });
    const { brand, identity, secret } = await brands.create({ name: 'Acme' });
    const other = await brands.create({ name: 'Other' });
    const here = openAccess();
    for (let i = 0; i < 2; i++) expect(await here.auth.authenticate(identity, secret, origin)).toBeDefined();
    expect(await here.auth.authenticate(other.identity, other.secret, origin)).toBeDefined();

    // Another API process revokes it: this one hears of it through the access version alone.
    await openAccess().keys.revoke({ brandId: brand.id }, identity);
    clock.advance(ACCESS_VERSION_MAX_AGE_MS);
    // The other brand's request reads the new version first; the revoked key's entry is then stale.
    expect(await here.auth.authenticate(other.identity, other.secret, origin)).toBeDefined();
    expect(here.auth.authenticate(identity, secret, origin)).toBeInstanceOf(Promise);
    expect(await here.auth.authenticate(identity, secret, origin)).toBeUndefined();
    expect(await here.auth.authenticate(identity, secret, origin)).toBeUndefined();
    await here.auth.flush();
  });

  it('refuses a key revoked in this process at once', async () => {
    const { brand, identity, secret } = await createBrandsService({ db: store.db, clock }).create({
      name: 'Acme',
    });
    const access = openAccess();
    for (let i = 0; i < 2; i++)
      expect(await access.auth.authenticate(identity, secret, origin)).toBeDefined();
    await access.keys.revoke({ brandId: brand.id }, identity);
    expect(await access.auth.authenticate(identity, secret, origin)).toBeUndefined();
    await access.auth.flush();
  });
});
