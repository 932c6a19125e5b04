import { AppError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { ProcessorAccount } from '../../plaid/client/types.js';
import { findBrand } from '../../store/brands.store.js';
import {
  findLiveByFingerprint,
  insertLinkedAccount,
  isDuplicateLinkError,
  isTokenOfRemovedLink,
  updateLinkedAccount,
} from '../../store/linked-accounts.store.js';
import type { BrandsTable, LinkedAccountsTable, OwnersTable } from '../../store/schema.js';
import { transact } from '../../store/tx.js';
import { emit } from '../events/emit.js';
import type { Commit } from '../idempotency/idempotency.service.js';
import { recordChange } from '../access/audit.js';
import type { Tenant } from '../tenant.js';
import { checkIdentity } from './identity-check.js';
import { toLinkedAccount } from './link-rows.js';
import type { LinksContext } from './links.context.js';
import type { LinkedAccount, ProcessorLinkInput } from './links.types.js';
import { linkFailure } from './plaid-failures.js';
import { rowCipher } from './sealing.js';

export interface ProcessorLinkResult {
  linked: LinkedAccount;
  /** False when an existing link was kept with the new token (replace_existing). */
  created: boolean;
}

type AchAccount = ProcessorAccount & { ach: NonNullable<ProcessorAccount['ach']> };

async function requirePlaidIntegration(ctx: LinksContext, tenant: Tenant): Promise<BrandsTable> {
  const brand = await findBrand(ctx.db, tenant.brandId);
  if (!brand?.plaid_integration)
    throw new AppError(
      'integration_disabled',
      'The Plaid integration is not enabled for this brand. Enable it with `linkport brands enable-integration plaid --brand <brand_id>` (or PUT /admin/brands/{brand_id}/integrations/plaid with {"enabled": true}), then send the processor token again.',
    );
  return brand;
}

/**
 * With Identity Match on, the owner must match Plaid's account holder. A mismatch links nothing,
 * keeps the per-field scores as an event the brand can read, and answers seed 001's body.
 */
async function requireIdentityMatch(
  ctx: LinksContext,
  tenant: Tenant,
  brand: BrandsTable,
  owner: OwnersTable,
  processorToken: string,
): Promise<void> {
  if (!brand.identity_match) return;
  let holders;
  try {
    holders = await ctx.plaid.readProcessorIdentity(processorToken);
  } catch (error) {
    throw linkFailure(error);
  }
  const check = checkIdentity(owner, holders, brand.identity_match_threshold);
  if (check.passed) return;
  const now = ctx.clock.now().toISOString();
  await transact(ctx.db, (tx) =>
    emit(
      tx,
      tenant.brandId,
      {
        type: 'external_account.identity_mismatch',
        subjectId: owner.id,
        data: {
          [owner.kind === 'business' ? 'business_id' : 'customer_id']: owner.id,
          threshold: check.threshold,
          scores: { ...check.scores },
          is_nickname_match: check.isNicknameMatch,
          is_business_name_detected: check.isBusinessNameDetected,
        },
      },
      now,
    ),
  );
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
async function readAccount(ctx: LinksContext, processorToken: string): Promise<AchAccount> {
  let account: ProcessorAccount;
  try {
    [account] = await Promise.all([
      ctx.plaid.readProcessorAccount(processorToken),
      ctx.plaid.setProcessorWebhook(processorToken, ctx.webhookUrl()),
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

/** Seed 000: a processor token becomes a linked external account of the owner's card account. */
export async function linkProcessorToken(
  ctx: LinksContext,
  tenant: Tenant,
  input: ProcessorLinkInput,
  commit?: Commit<ProcessorLinkResult>,
): Promise<ProcessorLinkResult> {
  const brand = await requirePlaidIntegration(ctx, tenant);
  const owner = await ctx.accounts.requireOwner(tenant, input.owner);
  const tokenFingerprint = ctx.keyring.fingerprint('processor_token', tenant.brandId, input.processorToken);
  if (await isTokenOfRemovedLink(ctx.db, tenant.brandId, tokenFingerprint))
    throw new AppError(
      'invalid_processor_token',
      'This processor token belonged to an external account that was removed. Linking the bank account again needs a new processor token: create one with /processor/token/create.',
    );
  const card = await ctx.accounts.resolveForLink(tenant, input.owner, input.accountId);
  const account = await readAccount(ctx, input.processorToken);
  await requireIdentityMatch(ctx, tenant, brand, owner, input.processorToken);
  const fingerprint = ctx.keyring.fingerprint(
    tenant.brandId,
    account.ach.routingNumber,
    account.ach.accountNumber,
  );
  const existing = await findLiveByFingerprint(ctx.db, tenant.brandId, input.owner.id, fingerprint);
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
  const token = { value: input.processorToken, fingerprint: tokenFingerprint };
  if (existing) return relink(ctx, tenant, input, { existing, account, token }, commit);
  const bank = await ctx.institutions.get(account.institutionId);
  return insertLink(ctx, tenant, input, { account, bank, fingerprint, token, cardId: card.id }, commit);
}

/** replace_existing: the live link keeps its id and takes the new token. */
async function relink(
  ctx: LinksContext,
  tenant: Tenant,
  input: ProcessorLinkInput,
  found: {
    existing: LinkedAccountsTable;
    account: AchAccount;
    token: { value: string; fingerprint: string };
  },
  commit?: Commit<ProcessorLinkResult>,
): Promise<ProcessorLinkResult> {
  const { existing, account, token } = found;
  const now = ctx.clock.now().toISOString();
  const sealed = rowCipher(ctx.keyring, tenant.brandId, existing.id);
  const repaired = existing.status !== 'active';
  const result = {
    linked: toLinkedAccount({ ...existing, status: 'active', updated_at: now }, input.owner),
    created: false,
  };
  await transact(ctx.db, async (tx) => {
    await updateLinkedAccount(tx, tenant.brandId, existing.id, {
      processor_token_enc: sealed.seal('processor_token', token.value),
      token_fingerprint: token.fingerprint,
      plaid_account_id: account.plaidAccountId,
      status: 'active',
      updated_at: now,
    });
    const ref = { linked_account_id: existing.id, account_id: existing.account_id };
    await emit(
      tx,
      tenant.brandId,
      repaired
        ? {
            type: 'external_account.repaired',
            subjectId: existing.id,
            data: { ...ref, previous_status: existing.status, status: 'active' },
          }
        : { type: 'external_account.relinked', subjectId: existing.id, data: ref },
      now,
    );
    await recordChange(tx, tenant, linkChange('relinked', existing.id), now);
    await commit?.(tx, result);
  });
  return result;
}

function linkChange(what: string, id: string) {
  return { action: `external_account.${what}`, objectType: 'external_account', objectId: id };
}

interface NewLink {
  account: AchAccount;
  bank: { name: string };
  fingerprint: string;
  token: { value: string; fingerprint: string };
  cardId: string;
}

/** The new link's row, its numbers and token sealed to it. */
function newLinkRow(
  ctx: LinksContext,
  tenant: Tenant,
  input: ProcessorLinkInput,
  found: NewLink,
): LinkedAccountsTable {
  const { account, bank, fingerprint, token, cardId } = found;
  const now = ctx.clock.now().toISOString();
  const id = newId();
  const sealed = rowCipher(ctx.keyring, tenant.brandId, id);
  return {
    id,
    brand_id: tenant.brandId,
    account_id: cardId,
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
    processor_token_enc: sealed.seal('processor_token', token.value),
    token_fingerprint: token.fingerprint,
    plaid_account_id: account.plaidAccountId,
    created_at: now,
    updated_at: now,
    removed_at: null,
    item_id: null,
  };
}

async function insertLink(
  ctx: LinksContext,
  tenant: Tenant,
  input: ProcessorLinkInput,
  found: NewLink,
  commit?: Commit<ProcessorLinkResult>,
): Promise<ProcessorLinkResult> {
  const row = newLinkRow(ctx, tenant, input, found);
  const { id, account_id: cardId, created_at: now } = row;
  const result = { linked: toLinkedAccount(row, input.owner), created: true };
  try {
    await transact(ctx.db, async (tx) => {
      await insertLinkedAccount(tx, row);
      await emit(
        tx,
        tenant.brandId,
        {
          type: 'external_account.linked',
          subjectId: id,
          data: { linked_account_id: id, account_id: cardId, bank_name: row.bank_name, plaid_item_id: null },
        },
        now,
      );
      await recordChange(tx, tenant, linkChange('linked', id), now);
      await commit?.(tx, result);
    });
  } catch (error) {
    // Two links of the same bank account at once: the unique index lets one through.
    if (isDuplicateLinkError(error))
      throw new AppError('conflict', `This bank account is already linked to the ${input.owner.kind}.`);
    throw error;
  }
  return result;
}
