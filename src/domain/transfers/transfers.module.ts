import { readFileSync } from 'node:fs';
import {
  type AchTransport,
  createDirectoryTransport,
  createSftpTransport,
  createSimulatedBank,
  type SimulatedBank,
} from '../../ach/index.js';
import type { Clock } from '../../lib/clock.js';
import type { PageRequest } from '../../store/paging.js';
import { notFound } from '../../lib/errors.js';
import { setTransferLimit } from '../../store/brands.store.js';
import { checkLedger } from '../../store/ledger.store.js';
import type { TransferFilter } from '../../store/transfers.store.js';
import type { Commit } from '../idempotency/idempotency.service.js';
import { withAudit } from '../access/audit.js';
import type { Actor, Tenant } from '../tenant.js';
import { createTransfer, type NewTransfer } from './create.js';
import {
  cancelTransfer,
  cardBalances,
  fundCard,
  getTransfer,
  listBrandTransfers,
  representTransfer,
} from './manage.js';
import { advanceBankingDay, forceTransferOutcome, type RailReport, railTick } from './rail/rail.js';
import { returnRates } from './return-rates.js';
import type { TransfersContext } from './transfers.context.js';
import type { TransfersTable } from '../../store/schema.js';

type Deps = Omit<TransfersContext, 'transport' | 'bank' | 'railOffset'>;

/**
 * The rail's parts, made on first use: the transport (a directory by default) and, with
 * LINKPORT_ACH_BANK=simulated, the bank in this process, on the rail's clock (the wall clock moved
 * by the sandbox's day advances; railTick sets the offset before the bank looks at its files).
 */
function railParts(deps: Deps) {
  let transport: AchTransport | undefined;
  let bank: SimulatedBank | undefined;
  const offset = { ms: 0 };
  const railClock: Clock = { now: () => new Date(deps.clock.now().getTime() + offset.ms) };
  const { sftp } = deps.ach;
  const getTransport = () =>
    (transport ??= sftp
      ? createSftpTransport({ ...sftp, privateKey: readFileSync(sftp.keyFile) })
      : createDirectoryTransport(deps.ach.dir));
  const getBank = () =>
    (bank ??= createSimulatedBank({
      transport: getTransport(),
      clock: railClock,
      settings: { routingNumber: deps.ach.odfiRouting, name: deps.ach.odfiName },
    }));
  return {
    offset,
    transport: getTransport,
    bank: deps.ach.bank === 'simulated' ? getBank : undefined,
    close: async () => transport?.close(),
  };
}

/** The rail's loop: one turn every `pollMs`; a turn that fails is logged and the next tries again. */
function railLoop(ctx: TransfersContext, tick: () => Promise<RailReport>) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const turn = () => {
    running = tick()
      .then((report) => {
        if (report.sent.length > 0 || report.read.length > 0)
          ctx.logger.info({ sent: report.sent, read: report.read, settled: report.settled }, 'ACH rail turn');
      })
      .catch((err: unknown) => ctx.logger.error({ err }, 'ACH rail turn failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(turn, ctx.ach.pollMs);
      });
  };
  return {
    start() {
      stopped = false;
      turn();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** Money movement, wired: transfers, the ledger's balances, the ACH rail and its sandbox controls. */
export function createTransfersModule(deps: Deps) {
  const parts = railParts(deps);
  const ctx: TransfersContext = {
    ...deps,
    transport: parts.transport,
    bank: parts.bank,
    railOffset: parts.offset,
  };
  // Turns run one at a time in a process: the rail's lock orders them across processes.
  let queue: Promise<unknown> = Promise.resolve();
  const tick = (run: () => Promise<RailReport> = () => railTick(ctx)) => {
    const next = queue.then(run);
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    create: (tenant: Tenant, input: NewTransfer, commit: Commit<TransfersTable>) =>
      createTransfer(ctx, tenant, input, commit),
    get: (tenant: Tenant, id: string) => getTransfer(ctx, tenant, id),
    list: (tenant: Tenant, filter: TransferFilter, page: PageRequest) =>
      listBrandTransfers(ctx, tenant, filter, page),
    cancel: (tenant: Tenant, id: string, commit: Commit<TransfersTable>) =>
      cancelTransfer(ctx, tenant, id, commit),
    represent: (tenant: Tenant, id: string, commit: Commit<TransfersTable>) =>
      representTransfer(ctx, tenant, id, commit),
    balances: (tenant: Tenant, cardAccountId: string) => cardBalances(ctx, tenant, cardAccountId),
    returnRates: (tenant: Tenant) => returnRates(ctx, tenant),
    checkLedger: (tenant: Tenant) => checkLedger(ctx.db, tenant.brandId),
    /** The operator sets a brand's largest transfer (null: LINKPORT_TRANSFER_LIMIT_CENTS). */
    async setLimit(brandId: string, limitCents: number | null, actor?: Actor) {
      const tenant = actor ? { brandId, actor } : { brandId };
      const change = { action: 'brand.transfer_limit_set', objectType: 'brand', objectId: brandId };
      await withAudit(ctx.db, tenant, change, ctx.clock.now().toISOString(), async (tx) => {
        if (!(await setTransferLimit(tx, brandId, limitCents))) throw notFound('Brand');
      });
      return { limitCents: limitCents ?? ctx.ach.transferLimitCents, isDefault: limitCents === null };
    },
    sandbox: {
      simulated: parts.bank !== undefined,
      fund: (tenant: Tenant, cardAccountId: string, amountCents: number) =>
        fundCard(ctx, tenant, cardAccountId, amountCents),
      advanceDay: () => tick(() => advanceBankingDay(ctx)),
      force: (tenant: Tenant, id: string, returnCode: string | null) =>
        forceTransferOutcome(ctx, tenant, id, { returnCode }),
    },
    /** One turn of the rail now (tests, the sandbox). */
    tick: () => tick(),
    rail: () => railLoop(ctx, () => tick()),
    /** Lets a running turn finish, then closes the transport (an SFTP connection). */
    async close() {
      await queue;
      await parts.close();
    },
  };
}

export type TransfersModule = ReturnType<typeof createTransfersModule>;
