import { buildContainer } from '../container.js';
import { migrateToLatest } from '../store/migrate.js';
import { configFromFlags, type ServeFlags } from './runtime.js';

export async function runMigrate(flags: ServeFlags): Promise<void> {
  const container = await buildContainer(configFromFlags(flags));
  try {
    const { applied } = await migrateToLatest(container.store);
    console.log(
      applied.length
        ? `Applied ${applied.join(', ')} to ${container.store.location}`
        : `${container.store.location} is up to date`,
    );
  } finally {
    await container.close();
  }
}
