import type { Clock } from '../../lib/clock.js';
import type { Keyring } from '../../lib/crypto.js';
import { AppError, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Logger } from '../../lib/logger.js';
import type { ItemAccount, PlaidGateway } from '../../plaid/client/plaid-gateway.js';
import { PlaidFailure } from '../../plaid/client/plaid-gateway.js';
import { findBrand } from '../../store/brands.store.js';
import type { Db } from '../../store/db.js';
import { findLinkedAccount } from '../../store/external-accounts.store.js';
import {
  findItem,
  findItemAnyBrand,
  findItemById,
  isRedirectAllowed,
  listItemAccounts,
  listOwnerItems,
} from '../../store/plaid-items.store.js';
import type { LinkedAccountsTable, PlaidItemsTable } from '../../store/schema.js';
import type { AccountsService, OwnerRef } from '../accounts/accounts.service.js';
import type { InstitutionDirectory } from '../external-accounts/institutions.js';
import { itemFailure } from '../external-accounts/plaid-failures.js';
import type { Tenant } from '../tenant.js';
import { type AccountPlan, applyAccountPlan, type PlanMode, planAccounts } from './item-accounts.js';
import { applyItemChange, loginChange } from './item-health.js';
import { openAccessToken, sealAccessToken } from './access-token.js';
import type { AddItemInput, BankAccount, HeldItem, LinkReturn } from './hosted-linking.types.js';

export interface HostedLinkingDeps {
  db: Db;
  clock: Clock;
  keyring: Keyring;
  plaid: PlaidGateway;
  institutions: InstitutionDirectory;
  accounts: Pick<AccountsService, 'requireOwner'>;
  logger: Logger;
  /** Where Plaid sends the webhooks of the Items Linkport holds. */
  webhookUrl: () => string;
  /** Plaid's Link customization (Account Select in one or several accounts), when set. */
  linkCustomizationName?: string | undefined;
  /** Whether Plaid is a sandbox (built-in or Plaid's), where a brand may break its Items to test. */
  sandbox: boolean;
}

/** The Item webhooks a brand may have the sandbox send, to test how it handles them. */
export const SANDBOX_WEBHOOK_CODES = [
  'NEW_ACCOUNTS_AVAILABLE',
  'USER_PERMISSION_REVOKED',
  'LOGIN_REPAIRED',
  'PENDING_DISCONNECT',
] as const;

export interface AddedItem {
  item: HeldItem;
  /** The Item's open accounts. */
  links: LinkedAccountsTable[];
  /** False when the public token came from update mode on an Item Linkport already held. */
  created: boolean;
}

const ELIGIBLE_SUBTYPES = new Set(['checking', 'savings']);

/** Checking and savings accounts: the ones money moves to and from. */
const isEligible = (account: ItemAccount) =>
  account.type === 'depository' && account.subtype !== null && ELIGIBLE_SUBTYPES.has(account.subtype);

/**
 * Hosted linking: Linkport holds the Plaid Item (seed 003, and seed 000's owner-typed link tokens).
 * Link tokens for an owner or for update mode, Items from public tokens, their bank accounts, and
 * the Item's login state read live from Plaid when asked.
 */
export function createHostedLinkingService(deps: HostedLinkingDeps) {
  const { db, clock, keyring, plaid, institutions, accounts, logger, webhookUrl } = deps;
  const accessTokenOf = (item: PlaidItemsTable) => openAccessToken(keyring, item);

  async function plaidCall<T>(run: () => Promise<T>, publicTokenField?: string): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw itemFailure(error, publicTokenField);
    }
  }

  async function requireItem(tenant: Tenant, plaidItemId: string): Promise<PlaidItemsTable> {
    const item = await findItem(db, tenant.brandId, plaidItemId);
    if (!item || item.status === 'removed') throw notFound('Plaid item');
    if (item.status === 'revoked')
      throw new AppError(
        'unprocessable',
        "The user revoked Plaid's access to this item; its accounts cannot be used. Link the bank again with a new link token.",
      );
    return item;
  }

  /** A redirect URI or Android package must be on the brand's allow-list, as at Plaid's dashboard. */
  async function requireReturn(tenant: Tenant, target: LinkReturn): Promise<void> {
    if (target.redirectUri !== undefined && target.androidPackageName !== undefined)
      throw new AppError(
        'validation_error',
        'redirect_uri: send either redirect_uri (web) or android_package_name (Android), not both.',
      );
    const [kind, value] =
      target.redirectUri !== undefined
        ? (['redirect_uri', target.redirectUri] as const)
        : (['android_package_name', target.androidPackageName] as const);
    if (value === undefined || (await isRedirectAllowed(db, tenant.brandId, kind, value))) return;
    throw new AppError(
      'validation_error',
      `${kind}: ${value} is not registered for this brand. Register it first with \`linkport brands allow-redirect --brand <brand_id> ${kind === 'android_package_name' ? '--android ' : ''}${value}\` (or POST /admin/brands/{brand_id}/redirects).`,
    );
  }

  async function issueLinkToken(
    tenant: Tenant,
    ownerId: string,
    target: LinkReturn,
    update?: { item: PlaidItemsTable; accountSelection: boolean },
  ): Promise<{ linkToken: string; expiration: string }> {
    await requireReturn(tenant, target);
    const brand = await findBrand(db, tenant.brandId);
    return plaidCall(() =>
      plaid.createLinkToken({
        clientName: brand?.name ?? 'Linkport',
        clientUserId: ownerId,
        webhook: webhookUrl(),
        redirectUri: target.redirectUri,
        androidPackageName: target.androidPackageName,
        accessToken: update ? accessTokenOf(update.item) : undefined,
        accountSelection: update?.accountSelection,
        linkCustomizationName: deps.linkCustomizationName,
      }),
    );
  }

  function presentAccount(row: LinkedAccountsTable): BankAccount {
    const routingNumber = keyring.decrypt(row.routing_number_enc, {
      brandId: row.brand_id,
      rowId: row.id,
      column: 'routing_number',
    });
    return {
      id: row.id,
      ownerId: row.owner_id,
      lastFour: row.mask,
      routingNumber,
      type: row.account_type.toUpperCase(),
      status: row.status === 'removed' ? 'CLOSED' : row.status === 'revoked' ? 'REVOKED' : 'OPEN',
    };
  }

  /** An Item with its accounts that are not closed (`rows`: the accounts of it, and maybe of others). */
  function present(item: PlaidItemsTable, rows: LinkedAccountsTable[], loginStatus: boolean): HeldItem {
    return {
      plaidItemId: item.plaid_item_id,
      institutionName: item.institution_name,
      isLoginRequired: loginStatus ? item.is_login_required === 1 : null,
      accounts: rows.filter((r) => r.item_id === item.id && r.status !== 'removed').map(presentAccount),
    };
  }

  /**
   * The Items' login state as Plaid reports it now (`/item/get`), kept when it moved: a repair
   * made in update mode clears the flag here, as Plaid sends no webhook for it. When Plaid cannot
   * be reached the state the webhooks left stands.
   */
  async function refreshLoginState(items: PlaidItemsTable[]): Promise<PlaidItemsTable[]> {
    return Promise.all(
      items.map(async (item) => {
        if (item.status !== 'active') return item;
        let errorCode: string | null;
        try {
          errorCode = (await plaid.readItem(accessTokenOf(item))).errorCode;
        } catch (error) {
          if (!(error instanceof PlaidFailure)) throw error;
          logger.warn({ plaidItemId: item.plaid_item_id, plaidCode: error.plaidCode }, 'item state not read');
          return item;
        }
        const change = loginChange(errorCode);
        if (!change || !(await applyItemChange(db, clock, item, change, 'item_get'))) return item;
        return (await findItemById(db, item.brand_id, item.id)) ?? item;
      }),
    );
  }

  /** Reads what the plan needs from Plaid and writes it in one transaction. */
  async function syncAccounts(
    tenant: Tenant,
    item: PlaidItemsTable,
    wanted: string[],
    cardAccountId: string | null,
    accessToken: string,
    how: PlanMode & { newItem: boolean },
  ): Promise<void> {
    const rows = await listItemAccounts(db, tenant.brandId, [item.id]);
    const plan: AccountPlan = await planAccounts(
      { db, keyring, readNumbers: (ids) => plaidCall(() => plaid.readItemNumbers(accessToken, ids)) },
      item,
      rows,
      wanted,
      how,
    );
    await applyAccountPlan(db, keyring, clock, { item, plan, cardAccountId, newItem: how.newItem });
  }

  /** Seed 003 `POST /plaid/items/:item_id/links`: update mode, with the account select or not. */
  async function itemUpdateLinkToken(
    tenant: Tenant,
    plaidItemId: string,
    options: LinkReturn & { selectAccounts: boolean },
  ) {
    const item = await requireItem(tenant, plaidItemId);
    return issueLinkToken(tenant, item.owner_id, options, { item, accountSelection: options.selectAccounts });
  }

  /** addItem's second half, once the public token is exchanged. */
  async function adoptItem(
    tenant: Tenant,
    input: AddItemInput,
    exchanged: { accessToken: string; itemId: string },
    known: PlaidItemsTable | undefined,
  ): Promise<AddedItem> {
    const { accessToken } = exchanged;
    const [state, live] = await plaidCall(() =>
      Promise.all([plaid.readItem(accessToken), plaid.readItemAccounts(accessToken)]),
    );
    if (
      input.institutionId !== undefined &&
      state.institutionId &&
      input.institutionId !== state.institutionId
    )
      throw new AppError(
        'validation_error',
        `plaid_institution.id: the Plaid item is at ${state.institutionId}, not ${input.institutionId}.`,
      );
    const wanted = [
      ...new Set(input.plaidAccountIds ?? live.filter(isEligible).map((a) => a.plaidAccountId)),
    ];
    requireAccountsOfItem(wanted, live, input.plaidAccountIdsField);
    if (state.webhook !== webhookUrl())
      await plaidCall(() => plaid.setItemWebhook(accessToken, webhookUrl()));
    const bank = state.institutionId ? await institutions.get(state.institutionId) : null;
    const now = clock.now().toISOString();
    const item: PlaidItemsTable = known ?? {
      id: newId(),
      brand_id: tenant.brandId,
      owner_id: input.owner.id,
      plaid_item_id: exchanged.itemId,
      institution_id: state.institutionId,
      institution_name: bank?.name ?? null,
      access_token_enc: '',
      status: 'active',
      is_login_required: loginChange(state.errorCode) === 'login_required' ? 1 : 0,
      new_accounts_available: 0,
      created_at: now,
      updated_at: now,
      removed_at: null,
    };
    if (!known) item.access_token_enc = sealAccessToken(keyring, item, accessToken);
    // A public token from update mode: the login works again (Plaid sends no webhook for that).
    if (known && loginChange(state.errorCode) === 'repaired')
      await applyItemChange(db, clock, known, 'repaired', 'update_mode');
    const how: PlanMode = known
      ? { mode: 'follow', liveIds: live.map((a) => a.plaidAccountId) }
      : { mode: 'exact' };
    await syncAccounts(tenant, item, wanted, input.cardAccountId, accessToken, { ...how, newItem: !known });
    return { ...(await viewOf(tenant, item.id)), created: !known };
  }

  /** The Item as its routes present it, and its open accounts' rows. */
  async function viewOf(
    tenant: Tenant,
    itemId: string,
  ): Promise<{ item: HeldItem; links: LinkedAccountsTable[] }> {
    const row = await findItemById(db, tenant.brandId, itemId);
    if (!row) throw notFound('Plaid item');
    const rows = await listItemAccounts(db, tenant.brandId, [itemId]);
    return { item: present(row, rows, false), links: rows.filter((r) => r.status !== 'removed') };
  }

  return {
    refreshLoginState,

    /** Seed 003 `POST /plaid/links`, seed 000 `POST /api/v0.1/plaid/link_token`: a new Item. */
    async createLinkToken(tenant: Tenant, owner: OwnerRef, target: LinkReturn) {
      await accounts.requireOwner(tenant, owner);
      return issueLinkToken(tenant, owner.id, target);
    },

    createItemUpdateLinkToken: itemUpdateLinkToken,

    /** Seed 000 update mode: the Item behind a linked account of this owner. */
    async createAccountUpdateLinkToken(
      tenant: Tenant,
      owner: OwnerRef,
      linkedAccountId: string,
      options: LinkReturn & { selectAccounts: boolean },
    ) {
      await accounts.requireOwner(tenant, owner);
      const link = await findLinkedAccount(db, tenant.brandId, linkedAccountId);
      if (!link || link.owner_id !== owner.id || link.status === 'removed') throw notFound('Linked account');
      if (!link.item_id)
        throw new AppError(
          'validation_error',
          "linked_account_id: this account was linked with a processor token, so its Plaid Item is the brand's: open update mode with the brand's own access token.",
        );
      const item = await findItemById(db, tenant.brandId, link.item_id);
      if (!item) throw notFound('Linked account');
      return itemUpdateLinkToken(tenant, item.plaid_item_id, options);
    },

    /**
     * Seed 003 `POST /plaid/items`, seed 000 `POST /api/v0.1/plaid/public_token`: exchanges the
     * public token and links the chosen accounts. A public token from update mode names an Item
     * Linkport already holds: that Item is repaired and its accounts follow the user's new choice.
     */
    async addItem(tenant: Tenant, input: AddItemInput): Promise<AddedItem> {
      await accounts.requireOwner(tenant, input.owner);
      const exchanged = await plaidCall(
        () => plaid.exchangePublicToken(input.publicToken),
        input.publicTokenField,
      );
      const known = await findItemAnyBrand(db, exchanged.itemId);
      if (known && (known.brand_id !== tenant.brandId || known.owner_id !== input.owner.id))
        throw new AppError('conflict', 'This Plaid item is already linked to another owner.');
      try {
        return await adoptItem(tenant, input, exchanged, known);
      } catch (error) {
        if (known) throw spentTokenFailure(error, input.publicTokenField);
        // A new Item that could not be kept would otherwise live on at Plaid with nobody holding it.
        await plaid.removeItem(exchanged.accessToken).catch((failure: unknown) => {
          logger.error(
            {
              plaidItemId: exchanged.itemId,
              plaidCode: failure instanceof PlaidFailure ? failure.plaidCode : null,
            },
            'exchanged item not kept and not removed at Plaid',
          );
        });
        throw spentTokenFailure(error, input.publicTokenField);
      }
    },

    /** Seed 003 `GET /plaid/accounts/:account_id`. */
    async getBankAccount(tenant: Tenant, bankAccountId: string) {
      const row = await findLinkedAccount(db, tenant.brandId, bankAccountId);
      const item = row?.item_id ? await findItemById(db, tenant.brandId, row.item_id) : undefined;
      if (!row || !item) throw notFound('Bank account');
      return { item, account: presentAccount(row) };
    },

    /** Seed 003 `GET /profiles/:profile_id/plaid/items`. */
    async listItems(tenant: Tenant, owner: OwnerRef, options: { loginStatus: boolean }): Promise<HeldItem[]> {
      await accounts.requireOwner(tenant, owner);
      const listed = await listOwnerItems(db, tenant.brandId, owner.id);
      const items = options.loginStatus ? await refreshLoginState(listed) : listed;
      const rows = await listItemAccounts(
        db,
        tenant.brandId,
        items.map((i) => i.id),
      );
      return items.map((item) => present(item, rows, options.loginStatus));
    },

    /**
     * Seed 003 `PATCH /plaid/items/:item_id`: the Item's accounts become the ones named (Plaid account
     * ids, or the ids of its bank accounts); the others close, new ones are read from Plaid.
     */
    async setItemAccounts(tenant: Tenant, plaidItemId: string, ids: string[]): Promise<HeldItem> {
      const item = await requireItem(tenant, plaidItemId);
      const rows = await listItemAccounts(db, tenant.brandId, [item.id]);
      const byId = new Map(rows.map((r) => [r.id, r.plaid_account_id]));
      const wanted = [...new Set(ids.map((id) => byId.get(id) ?? id))];
      const accessToken = accessTokenOf(item);
      const live = await plaidCall(() => plaid.readItemAccounts(accessToken));
      requireAccountsOfItem(wanted, live, 'plaid_bank_account_ids');
      await syncAccounts(tenant, item, wanted, rows[0]?.account_id ?? null, accessToken, {
        mode: 'exact',
        newItem: false,
      });
      return (await viewOf(tenant, item.id)).item;
    },

    /**
     * Sandbox only (Linkport holds the access token the sandbox's tools need): breaks the Item's
     * login (`reset_login`) or has Plaid send one of its webhooks, which then reach Linkport as at
     * Plaid. On production Plaid there are no such routes: a 404.
     */
    async sandboxItemAction(
      tenant: Tenant,
      plaidItemId: string,
      action: { resetLogin: true } | { webhookCode: (typeof SANDBOX_WEBHOOK_CODES)[number] },
    ): Promise<void> {
      if (!deps.sandbox) throw notFound('Route');
      const item = await requireItem(tenant, plaidItemId);
      const accessToken = accessTokenOf(item);
      await plaidCall(() =>
        'resetLogin' in action
          ? plaid.sandboxResetLogin(accessToken)
          : plaid.sandboxFireWebhook(accessToken, action.webhookCode),
      );
    },
  };
}

export type HostedLinkingService = ReturnType<typeof createHostedLinkingService>;

/** Plaid failing after the exchange: the public token is spent, which a plain 503 would not say. */
function spentTokenFailure(error: unknown, publicTokenField: string): unknown {
  if (!(error instanceof AppError) || error.code !== 'unavailable') return error;
  return new AppError(
    'unavailable',
    `Plaid failed after ${publicTokenField} was exchanged, so that public token is spent and no accounts were changed. Open Link again for a new one.`,
    { headers: { ...error.headers }, cause: error },
  );
}

function requireAccountsOfItem(wanted: string[], live: ItemAccount[], field: string): void {
  if (wanted.length === 0)
    throw new AppError(
      'account_not_supported',
      `${field}: the Plaid item has no checking or savings account to link; choose one in Link.`,
    );
  const known = new Set(live.map((a) => a.plaidAccountId));
  const unknown = wanted.filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw new AppError(
      'validation_error',
      `${field}: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not an account' : 'are not accounts'} of this Plaid item.`,
    );
  const ineligible = live.filter((a) => wanted.includes(a.plaidAccountId) && !isEligible(a));
  if (ineligible.length > 0)
    throw new AppError(
      'account_not_supported',
      `${field}: ${ineligible.map((a) => a.plaidAccountId).join(', ')} ${ineligible.length === 1 ? 'is not a checking or savings account' : 'are not checking or savings accounts'}; only those can be linked.`,
    );
}
