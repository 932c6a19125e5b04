import { buildContainer } from '../container.js';
import { createStderrLogger } from '../lib/logger.js';
import { configFromFlags, type ServeFlags } from './runtime.js';

export async function runMigrate(flags: ServeFlags): Promise<void> {
  const config = configFromFlags(flags);
  const container = await buildContainer(config, { logger: createStderrLogger(config.logLevel) });
  try {
    const { applied } = await container.migrate();
    console.log(
      applied.length
        ? `Applied ${applied.join(', ')} to ${container.store.location}`
        : `${container.store.location} is up to date`,
    );
  } finally {
    await container.close();
  }
}
