import type { Clock } from '../../lib/clock.js';
import type { Keyring } from '../../lib/crypto.js';
import { AppError, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { PlaidGateway, ProcessorAccount } from '../../plaid/client/plaid-gateway.js';
import { findBrand } from '../../store/brands.store.js';
import type { Db } from '../../store/db.js';
import {
  findAccount,
  findLinkedAccount,
  findLiveByFingerprint,
  insertAudit,
  insertEvent,
  insertLinkedAccount,
  isDuplicateLinkError,
  isTokenOfRemovedLink,
  listLiveLinkedAccounts,
  updateLinkedAccount,
  updateLiveLinkedAccount,
} from '../../store/external-accounts.store.js';
import type { BrandsTable, LinkedAccountsTable, OwnersTable } from '../../store/schema.js';
import type { AccountsService, OwnerRef } from '../accounts/accounts.service.js';
import type { HostedLinkingService } from '../hosted-linking/hosted-linking.service.js';
import { findItemById } from '../../store/plaid-items.store.js';
import type { Queue } from '../../jobs/queue.js';
import { lockItem, releaseItemIfEmpty } from '../hosted-linking/item-removal.js';
import type { Tenant } from '../tenant.js';
import { checkIdentity } from './identity-check.js';
import type { InstitutionDirectory } from './institutions.js';
import { linkFailure } from './plaid-failures.js';
import type { LinkedAccount, LinkInput, RemovedAccount } from './external-accounts.types.js';

export interface ExternalAccountsDeps {
  db: Db;
  clock: Clock;
  keyring: Keyring;
  plaid: PlaidGateway;
  accounts: AccountsService;
  institutions: InstitutionDirectory;
  /** Where Plaid sends the Item-health webhooks of the tokens Linkport links. */
  webhookUrl: () => string;
  /** The Items Linkport holds (hosted linking), for links made from a public token. */
  heldItems: Pick<HostedLinkingService, 'refreshLoginState'>;
  /** Where the removal of an Item whose last account went is queued. */
  queue: Queue;
}

export function createExternalAccountsService(deps: ExternalAccountsDeps) {
  const { db, clock, keyring, plaid, accounts, institutions, webhookUrl, heldItems, queue } = deps;
  const cipher = (tenant: Tenant, rowId: string) => ({
    seal: (column: string, value: string) =>
      keyring.encrypt(value, { brandId: tenant.brandId, rowId, column }),
    open: (column: string, value: string) =>
      keyring.decrypt(value, { brandId: tenant.brandId, rowId, column }),
  });

  async function requirePlaidIntegration(tenant: Tenant): Promise<BrandsTable> {
    const brand = await findBrand(db, tenant.brandId);
    if (!brand?.plaid_integration)
      throw new AppError(
        'integration_disabled',
        'The Plaid integration is not enabled for this brand. Enable it with `linkport brands enable-integration plaid --brand <brand_id>` (or PUT /admin/brands/{brand_id}/integrations/plaid with {"enabled": true}), then send the processor token again.',
      );
    return brand;
  }

  /**
   * Seed 001: with Identity Match on, the owner must match Plaid's account holder. A mismatch links
   * nothing, keeps the per-field scores as an event the brand can read, and answers seed 001's body.
   */
  async function requireIdentityMatch(
    tenant: Tenant,
    brand: BrandsTable,
    owner: OwnersTable,
    processorToken: string,
  ): Promise<void> {
    if (!brand.identity_match) return;
    let holders;
    try {
      holders = await plaid.readProcessorIdentity(processorToken);
    } catch (error) {
      throw linkFailure(error);
    }
    const check = checkIdentity(owner, holders, brand.identity_match_threshold);
    if (check.passed) return;
    await recordEvent(db, tenant, 'external_account.identity_mismatch', owner.id, clock.now().toISOString(), {
      [owner.kind === 'business' ? 'business_id' : 'customer_id']: owner.id,
      threshold: check.threshold,
      scores: check.scores,
      is_nickname_match: check.isNicknameMatch,
      is_business_name_detected: check.isBusinessNameDetected,
    });
    throw new AppError(
      'account_post_schema',
      'Failed to exchange token due to identity failure, accounts were not linked.',
    );
  }

  /**
   * Plaid first, outside any transaction: the account behind the token, with ACH numbers, while
   * Linkport registers its webhook on the token (so a broken login reaches the link's status within
   * one webhook). The calls run side by side.
   */
  async function readAccount(
    processorToken: string,
  ): Promise<ProcessorAccount & { ach: NonNullable<ProcessorAccount['ach']> }> {
    let account: ProcessorAccount;
    try {
      [account] = await Promise.all([
        plaid.readProcessorAccount(processorToken),
        plaid.setProcessorWebhook(processorToken, webhookUrl()),
      ]);
    } catch (error) {
      throw linkFailure(error);
    }
    const { ach } = account;
    if (!ach)
      throw new AppError(
        'account_not_supported',
        'The account behind this processor token has no ACH numbers: only checking and savings accounts can be linked. Let the user pick a checking or savings account in Plaid Link.',
      );
    return { ...account, ach };
  }

  /**
   * Links whose held Item needs a login are checked against Plaid's live state before they are
   * listed: a repair made in update mode sends no webhook, and the status must not stick.
   */
  async function refreshBrokenItems(tenant: Tenant, rows: LinkedAccountsTable[]): Promise<boolean> {
    const itemIds = [
      ...new Set(rows.filter((r) => r.item_id && r.status === 'login_required').map((r) => r.item_id ?? '')),
    ];
    if (itemIds.length === 0) return false;
    const items = (await Promise.all(itemIds.map((id) => findItemById(db, tenant.brandId, id)))).filter(
      (i) => i !== undefined,
    );
    const after = await heldItems.refreshLoginState(items);
    return after.some((item, i) => item.is_login_required !== items[i]?.is_login_required);
  }

  return {
    /** Seed 000: a processor token becomes a linked external account of the owner's card account. */
    async link(tenant: Tenant, input: LinkInput): Promise<{ linked: LinkedAccount; created: boolean }> {
      const brand = await requirePlaidIntegration(tenant);
      const owner = await accounts.requireOwner(tenant, input.owner);
      const tokenFingerprint = keyring.fingerprint('processor_token', tenant.brandId, input.processorToken);
      if (await isTokenOfRemovedLink(db, tenant.brandId, tokenFingerprint))
        throw new AppError(
          'invalid_processor_token',
          'This processor token belonged to an external account that was removed. Linking the bank account again needs a new processor token: create one with /processor/token/create.',
        );
      const card = await accounts.resolveForLink(tenant, input.owner, input.accountId);
      const account = await readAccount(input.processorToken);
      await requireIdentityMatch(tenant, brand, owner, input.processorToken);
      const bank = await institutions.get(account.institutionId);
      const fingerprint = keyring.fingerprint(
        tenant.brandId,
        account.ach.routingNumber,
        account.ach.accountNumber,
      );
      const now = clock.now().toISOString();

      const existing = await findLiveByFingerprint(db, tenant.brandId, input.owner.id, fingerprint);
      if (existing?.item_id)
        throw new AppError(
          'conflict',
          `This bank account is already linked to the ${input.owner.kind} as linked_account_id ${existing.id}, through a Plaid item Linkport holds; remove that link first to link the account with a processor token.`,
        );
      if (existing && !input.replaceExisting)
        throw new AppError(
          'conflict',
          `This bank account is already linked to the ${input.owner.kind} as linked_account_id ${existing.id}. Send replace_existing: true to keep that link with this new processor token.`,
        );
      if (existing) {
        const sealed = cipher(tenant, existing.id);
        const repaired = existing.status !== 'active';
        await db.transaction().execute(async (tx) => {
          await updateLinkedAccount(tx, tenant.brandId, existing.id, {
            processor_token_enc: sealed.seal('processor_token', input.processorToken),
            token_fingerprint: tokenFingerprint,
            plaid_account_id: account.plaidAccountId,
            status: 'active',
            updated_at: now,
          });
          await recordEvent(
            tx,
            tenant,
            repaired ? 'external_account.repaired' : 'external_account.relinked',
            existing.id,
            now,
            {
              linked_account_id: existing.id,
              account_id: existing.account_id,
            },
          );
        });
        return {
          linked: toLinked({ ...existing, status: 'active', updated_at: now }, input.owner),
          created: false,
        };
      }

      const id = newId();
      const sealed = cipher(tenant, id);
      const row: LinkedAccountsTable = {
        id,
        brand_id: tenant.brandId,
        account_id: card.id,
        owner_id: input.owner.id,
        status: 'active',
        verification_status: 'instantly_verified',
        institution_id: account.institutionId,
        bank_name: bank.name,
        account_name: account.name,
        account_type: account.subtype ?? account.type,
        account_category: account.type,
        mask: account.mask ?? account.ach.accountNumber.slice(-4),
        routing_number_enc: sealed.seal('routing_number', account.ach.routingNumber),
        account_number_enc: sealed.seal('account_number', account.ach.accountNumber),
        fingerprint,
        processor_token_enc: sealed.seal('processor_token', input.processorToken),
        token_fingerprint: tokenFingerprint,
        plaid_account_id: account.plaidAccountId,
        created_at: now,
        updated_at: now,
        removed_at: null,
        item_id: null,
      };
      try {
        await db.transaction().execute(async (tx) => {
          await insertLinkedAccount(tx, row);
          await recordEvent(tx, tenant, 'external_account.linked', id, now, {
            linked_account_id: id,
            account_id: card.id,
            bank_name: row.bank_name,
          });
        });
      } catch (error) {
        // Two links of the same bank account at once: the unique index lets one through.
        if (isDuplicateLinkError(error))
          throw new AppError('conflict', `This bank account is already linked to the ${input.owner.kind}.`);
        throw error;
      }
      return { linked: toLinked(row, input.owner), created: true };
    },

    /**
     * The live links of a card account (or of an owner without one: Pay-by-Bank users); `full`
     * reveals the numbers and records that it did.
     */
    async list(
      tenant: Tenant,
      scope: { accountId: string } | { owner: OwnerRef },
      options: { full: boolean; requestId: string },
    ): Promise<LinkedAccount[]> {
      let ownerRef: OwnerRef;
      if ('accountId' in scope) {
        const card = await findAccount(db, tenant.brandId, scope.accountId);
        if (!card) throw notFound('Account');
        ownerRef = await accounts.ownerRef(tenant, card.owner_id);
      } else {
        await accounts.requireOwner(tenant, scope.owner);
        ownerRef = scope.owner;
      }
      const where = 'accountId' in scope ? { accountId: scope.accountId } : { ownerId: scope.owner.id };
      let rows = await listLiveLinkedAccounts(db, tenant.brandId, where);
      if (await refreshBrokenItems(tenant, rows))
        rows = await listLiveLinkedAccounts(db, tenant.brandId, where);
      const now = clock.now().toISOString();
      if (options.full)
        await insertAudit(
          db,
          rows.map((r) => ({
            id: newId(),
            brand_id: tenant.brandId,
            action: 'external_account.numbers_revealed',
            subject_id: r.id,
            request_id: options.requestId,
            created_at: now,
          })),
        );
      return rows.map((r) => {
        const sealed = cipher(tenant, r.id);
        const routing = sealed.open('routing_number', r.routing_number_enc);
        return {
          ...toLinked(r, ownerRef),
          bankLogo: r.bank_logo,
          routingMask: routing.slice(-4),
          numbers: options.full
            ? { routing, account: sealed.open('account_number', r.account_number_enc) }
            : null,
        };
      });
    },

    /**
     * Removes a link: kept, marked removed, hidden. Removing it again answers the same. With
     * `accountId` (the v0 path) the link must hang off that card account.
     */
    async remove(tenant: Tenant, linkedAccountId: string, accountId?: string): Promise<RemovedAccount> {
      const row = await findLinkedAccount(db, tenant.brandId, linkedAccountId);
      if (!row || (accountId !== undefined && row.account_id !== accountId)) throw notFound('Linked account');
      const ownerRef = await accounts.ownerRef(tenant, row.owner_id);
      if (row.status === 'removed' && row.removed_at) return toRemoved(row, row.removed_at, ownerRef);
      const now = clock.now().toISOString();
      const removedAt = await db.transaction().execute(async (tx) => {
        // The last account of an Item Linkport holds takes the Item with it (see item-removal.ts).
        const item = row.item_id ? await lockItem(tx, tenant.brandId, row.item_id, now) : undefined;
        const removed = await updateLiveLinkedAccount(tx, tenant.brandId, row.id, {
          status: 'removed',
          removed_at: now,
          updated_at: now,
        });
        // Removed by a request that ran at the same time: its removal is the one to answer.
        if (!removed) return (await findLinkedAccount(tx, tenant.brandId, row.id))?.removed_at ?? now;
        await recordEvent(tx, tenant, 'external_account.removed', row.id, now, {
          linked_account_id: row.id,
          account_id: row.account_id,
        });
        if (item) await releaseItemIfEmpty(tx, queue, item, now);
        return now;
      });
      return toRemoved(row, removedAt, ownerRef);
    },
  };
}

export type ExternalAccountsService = ReturnType<typeof createExternalAccountsService>;

async function recordEvent(
  db: Db,
  tenant: Tenant,
  type: string,
  subjectId: string,
  now: string,
  data: Record<string, unknown>,
): Promise<void> {
  await insertEvent(db, {
    id: newId(),
    brand_id: tenant.brandId,
    type,
    subject_id: subjectId,
    data: JSON.stringify(data),
    created_at: now,
  });
}

export function toLinked(row: LinkedAccountsTable, owner: OwnerRef): LinkedAccount {
  return {
    id: row.id,
    accountId: row.account_id,
    owner,
    status: row.status,
    verificationStatus: row.verification_status,
    bankName: row.bank_name,
    bankLogo: null,
    accountType: row.account_type,
    accountCategory: row.account_category,
    mask: row.mask,
    routingMask: null,
    numbers: null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRemoved(row: LinkedAccountsTable, deletedAt: string, owner: OwnerRef): RemovedAccount {
  return {
    id: row.id,
    accountId: row.account_id,
    owner,
    bankName: row.bank_name,
    createdAt: row.created_at,
    deletedAt,
  };
}
