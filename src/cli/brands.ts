import { buildContainer } from '../container.js';
import { AppError } from '../lib/errors.js';
import { createStderrLogger } from '../lib/logger.js';
import { configFromFlags, type ServeFlags } from './runtime.js';

export async function runBrandsCreate(flags: ServeFlags & { name: string; json?: boolean }): Promise<void> {
  const config = configFromFlags(flags);
  const container = await buildContainer(config, { logger: createStderrLogger(config.logLevel) });
  try {
    await container.migrate();
    const created = await container.brands.create({ name: flags.name });
    if (flags.json) {
      console.log(
        JSON.stringify({
          brand_id: created.brand.id,
          name: created.brand.name,
          identity: created.identity,
          secret: created.secret,
        }),
      );
      return;
    }
    console.log(
      [
        `Created brand "${created.brand.name}" (${created.brand.id}).`,
        'Its credentials are shown once; keep the secret somewhere safe:',
        `  Identity:      ${created.identity}`,
        `  Authorization: ${created.secret}`,
      ].join('\n'),
    );
  } finally {
    await container.close();
  }
}

export async function runBrandsList(flags: ServeFlags): Promise<void> {
  const config = configFromFlags(flags);
  const container = await buildContainer(config, { logger: createStderrLogger(config.logLevel) });
  try {
    await container.migrate();
    for (const brand of await container.brands.list())
      console.log(`${brand.id}  ${brand.createdAt}  ${brand.name}`);
  } finally {
    await container.close();
  }
}

export async function runBrandsEnableIntegration(
  integration: string,
  flags: ServeFlags & { brand: string; disable?: boolean },
): Promise<void> {
  if (integration !== 'plaid') {
    console.error(`linkport: unknown integration "${integration}"; the one there is: plaid`);
    process.exitCode = 2;
    return;
  }
  const config = configFromFlags(flags);
  const container = await buildContainer(config, { logger: createStderrLogger(config.logLevel) });
  try {
    await container.migrate();
    await container.brands.setPlaidIntegration(flags.brand, !flags.disable);
    console.log(`Plaid integration ${flags.disable ? 'disabled' : 'enabled'} for brand ${flags.brand}.`);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'not_found') throw error;
    console.error(`linkport: no brand ${flags.brand}`);
    process.exitCode = 1;
  } finally {
    await container.close();
  }
}

export async function runBrandsAllowRedirect(
  value: string,
  flags: ServeFlags & { brand: string; android?: boolean },
): Promise<void> {
  const config = configFromFlags(flags);
  const container = await buildContainer(config, { logger: createStderrLogger(config.logLevel) });
  const kind = flags.android ? 'android_package_name' : 'redirect_uri';
  try {
    await container.migrate();
    await container.brands.allowRedirect(flags.brand, kind, value);
    console.log(`Brand ${flags.brand} may now open Link with ${kind} ${value}.`);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    console.error(`linkport: ${error.code === 'not_found' ? `no brand ${flags.brand}` : error.message}`);
    process.exitCode = 1;
  } finally {
    await container.close();
  }
}
