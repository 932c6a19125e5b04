#!/usr/bin/env node
import { Command } from 'commander';
import { runBrandsCreate, runBrandsList } from './cli/brands.js';
import { runMigrate } from './cli/migrate.js';
import { runApi, runStart, runWorker } from './cli/start.js';
import { ConfigError } from './config.js';

function withServeFlags(command: Command): Command {
  return command
    .option('--port <port>', 'API port (PORT, default 8080)')
    .option('--host <host>', 'address to listen on (HOST, default 127.0.0.1)')
    .option('--database-url <url>', 'sqlite:path or postgres://… (DATABASE_URL)')
    .option('--data-dir <dir>', 'data directory (LINKPORT_DATA_DIR, default ./.linkport)')
    .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent (LOG_LEVEL)');
}

function buildProgram(): Command {
  const program = new Command('linkport')
    .description(
      "Link customers' external bank accounts through Plaid. Settings come from the environment; flags override them.",
    )
    .showHelpAfterError();

  withServeFlags(
    program
      .command('start')
      .description('API and job worker in one process (embedded defaults: SQLite, built-in Plaid sandbox)'),
  ).action(runStart);
  withServeFlags(program.command('api').description('the HTTP API only')).action(runApi);
  withServeFlags(program.command('worker').description('the job worker only')).action(runWorker);
  withServeFlags(
    program.command('migrate').description('bring the database schema up to date and exit'),
  ).action(runMigrate);

  const brands = program.command('brands').description('manage brands (tenants)');
  withServeFlags(brands.command('create').description('create a brand and print its credentials once'))
    .requiredOption('--name <name>', "the brand's display name")
    .option('--json', 'print the credentials as JSON')
    .action(runBrandsCreate);
  withServeFlags(brands.command('list').description('list brands')).action(runBrandsList);
  return program;
}

buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    if (err instanceof ConfigError) {
      console.error(`linkport: ${err.message}`);
      process.exit(2);
    }
    console.error(`linkport: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
