#!/usr/bin/env node
import { Command } from 'commander';
import {
  runBrandsAllowRedirect,
  runBrandsCreate,
  runBrandsEnableIntegration,
  runBrandsList,
} from './cli/brands.js';
import { runBrandKeysCreate, runBrandKeysList, runBrandKeysRevoke } from './cli/brand-keys.js';
import { addInsightCommands } from './cli/insights.js';
import { runJobsList, runJobsRetry, UsageError } from './cli/jobs.js';
import { runKeysRotate } from './cli/keys.js';
import { runBackup } from './cli/backup.js';
import { runMigrate } from './cli/migrate.js';
import { runSandbox } from './cli/sandbox.js';
import { runApi, runStart, runWorker } from './cli/start.js';
import { ConfigError } from './config.js';
import { MasterKeyMismatch } from './domain/keys/master-key.js';
import { SchemaBehind } from './cli/runtime.js';

function withServeFlags(command: Command): Command {
  return command
    .option('--port <port>', 'API port (PORT, default 8080)')
    .option('--sandbox-port <port>', 'Plaid sandbox port with PLAID_ENV=local (SANDBOX_PORT, default 8081)')
    .option('--host <host>', 'address to listen on (HOST, default 127.0.0.1)')
    .option('--database-url <url>', 'sqlite:path or postgres://… (DATABASE_URL)')
    .option('--data-dir <dir>', 'data directory (LINKPORT_DATA_DIR, default ./.linkport)')
    .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent (LOG_LEVEL)');
}

/** The serving commands and the release step. */
function addServeCommands(program: Command): void {
  withServeFlags(
    program
      .command('start')
      .description('API, job worker and (with PLAID_ENV=local) the Plaid sandbox in one process'),
  ).action(runStart);
  withServeFlags(program.command('api').description('the HTTP API only')).action(runApi);
  withServeFlags(program.command('worker').description('the job worker only')).action(runWorker);
  withServeFlags(
    program.command('migrate').description('bring the database schema up to date and exit'),
  ).action(runMigrate);
  program
    .command('sandbox')
    .description("the built-in Plaid sandbox alone (state in <data dir>/sandbox.db), for a brand's own CI")
    .option('--port <port>', 'sandbox port (SANDBOX_PORT, default 8081)')
    .option('--host <host>', 'address to listen on (HOST, default 127.0.0.1)')
    .option('--data-dir <dir>', 'data directory (LINKPORT_DATA_DIR, default ./.linkport)')
    .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent (LOG_LEVEL)')
    .action(runSandbox);
}

function addBrandCommands(program: Command): void {
  const brands = program.command('brands').description('manage brands (tenants)');
  withServeFlags(brands.command('create').description('create a brand and print its credentials once'))
    .requiredOption('--name <name>', "the brand's display name")
    .option('--json', 'print the credentials as JSON')
    .action(runBrandsCreate);
  withServeFlags(brands.command('list').description('list brands')).action(runBrandsList);
  withServeFlags(
    brands
      .command('enable-integration')
      .description(
        "turn on an integration for a brand (plaid: link accounts from the brand's processor tokens)",
      )
      .argument('<integration>', 'the integration: plaid'),
  )
    .requiredOption('--brand <brand_id>', 'the brand')
    .option('--disable', 'turn it off instead')
    .action(runBrandsEnableIntegration);
  withServeFlags(
    brands
      .command('allow-redirect')
      .description(
        'register an OAuth redirect URI (or, with --android, an Android package name) the brand may open Plaid Link with',
      )
      .argument('<value>', 'the redirect URI, e.g. https://app.example.com/oauth, or the package name'),
  )
    .requiredOption('--brand <brand_id>', 'the brand')
    .option('--android', 'the value is an Android package name')
    .action(runBrandsAllowRedirect);
  addBrandKeyCommands(brands);
}

function addBrandKeyCommands(brands: Command): void {
  const keys = brands.command('keys').description("manage a brand's API keys");
  withServeFlags(keys.command('create').description('create an API key and print its secret once'))
    .requiredOption('--brand <brand_id>', 'the brand')
    .requiredOption('--name <name>', "the key's name, e.g. the service that uses it")
    .option('--scopes <areas>', 'limit it to these areas, comma-separated (default: every area)')
    .option('--read-only', 'GET requests only')
    .option('--expires-at <time>', 'when it stops working, ISO 8601')
    .option('--json', 'print the key as JSON')
    .action(runBrandKeysCreate);
  withServeFlags(keys.command('list').description("list a brand's keys (never their secrets)"))
    .requiredOption('--brand <brand_id>', 'the brand')
    .action(runBrandKeysList);
  withServeFlags(
    keys.command('revoke').description('revoke a key').argument('<key_id>', 'the key (its Identity)'),
  )
    .requiredOption('--brand <brand_id>', 'the brand')
    .action(runBrandKeysRevoke);
}

function addJobCommands(program: Command): void {
  const jobs = program.command('jobs').description('look at the job queue and retry dead jobs');
  withServeFlags(jobs.command('list').description('list jobs, newest first'))
    .option('--state <state>', 'only jobs in this state: queued, running, done or dead')
    .option('--limit <n>', 'at most this many (default 50)')
    .option('--json', 'print JSON')
    .action(runJobsList);
  withServeFlags(
    jobs
      .command('retry')
      .description('queue a dead job again, with fresh attempts')
      .argument('<job_id>', 'the job (from jobs list --state dead)'),
  ).action(runJobsRetry);
}

function addKeyCommands(program: Command): void {
  const keys = program.command('keys').description('manage the master key that seals secrets at rest');
  withServeFlags(
    keys
      .command('rotate')
      .description(
        're-seal every secret under a new master key in one transaction (stop the api and worker processes first)',
      ),
  )
    .requiredOption(
      '--new-key-file <file>',
      'a file holding the new key: 32 bytes, base64 or hex (openssl rand -base64 32)',
    )
    .action(runKeysRotate);
  withServeFlags(
    program
      .command('backup')
      .description('copy the SQLite database while Linkport runs (online backup); PostgreSQL: use pg_dump'),
  )
    .requiredOption('--to <file>', 'the new backup file')
    .action(runBackup);
}

function buildProgram(): Command {
  const program = new Command('linkport')
    .description(
      "Link customers' external bank accounts through Plaid. Settings come from the environment; flags override them.",
    )
    .showHelpAfterError();
  addServeCommands(program);
  addBrandCommands(program);
  addJobCommands(program);
  addKeyCommands(program);
  addInsightCommands(program);
  return program;
}

buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    // A setting the operator must fix (a wrong master key included): one line, exit 2, as for a bad value.
    const settingError =
      err instanceof ConfigError ||
      err instanceof SchemaBehind ||
      err instanceof UsageError ||
      err instanceof MasterKeyMismatch;
    if (settingError) {
      console.error(`linkport: ${err.message}`);
      process.exit(2);
    }
    console.error(`linkport: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
