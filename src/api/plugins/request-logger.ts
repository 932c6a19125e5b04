import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'pino';
import type { Logger } from '../../lib/logger.js';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type PinoParent = FastifyBaseLogger & Pick<Logger, 'isLevelEnabled'>;

/**
 * A request's logger, made on first use. Fastify makes a child logger for every request (bound to its
 * request id), and pino serialises the bindings, through the redaction, as the child is made: work
 * wasted on every request that logs nothing at the level in force (the request line is info; quiet
 * deployments and the bench run at warn). A line written through it is the line the child writes.
 */
class DeferredChildLogger implements FastifyBaseLogger {
  #child: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: PinoParent,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  get level(): string {
    return (this.#child ?? this.parent).level;
  }

  set level(level: string) {
    this.#made().level = level;
  }

  fatal(...args: unknown[]): void {
    this.#write('fatal', args);
  }

  error(...args: unknown[]): void {
    this.#write('error', args);
  }

  warn(...args: unknown[]): void {
    this.#write('warn', args);
  }

  info(...args: unknown[]): void {
    this.#write('info', args);
  }

  debug(...args: unknown[]): void {
    this.#write('debug', args);
  }

  trace(...args: unknown[]): void {
    this.#write('trace', args);
  }

  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.#made().child(bindings, options);
  }

  #made(): FastifyBaseLogger {
    this.#child ??= this.parent.child(this.bindings, this.options);
    return this.#child;
  }

  #write(level: Level, args: unknown[]): void {
    if (!this.#child && !this.parent.isLevelEnabled(level)) return;
    const child = this.#made();
    Reflect.apply(child[level], child, args);
  }
}

/**
 * Fastify's childLoggerFactory: the deferred child for a pino parent and a request that sets no
 * options of its own (a route's logLevel or serializers); otherwise the child at once, as Fastify does.
 */
export function deferredRequestLogger(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger {
  const parent = logger as Partial<PinoParent>;
  if (typeof parent.isLevelEnabled !== 'function' || Object.keys(options).length > 0)
    return logger.child(bindings, options);
  return new DeferredChildLogger(parent as PinoParent, bindings, options);
}
