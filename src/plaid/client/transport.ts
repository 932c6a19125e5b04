import { Configuration, PlaidApi } from 'plaid';
import type { PlaidCredentials } from './credentials.js';
import { failureOf, PlaidFailure } from './errors.js';

/** How long one Plaid call may take before Linkport answers 503 instead. */
export const PLAID_TIMEOUT_MS = 10_000;

/** One Plaid call through the official client: its data, or a PlaidFailure. */
export async function call<T>(run: () => Promise<{ data: T }>): Promise<T> {
  try {
    return (await run()).data;
  } catch (error) {
    throw failureOf(error);
  }
}

/** Told of every Plaid call: the client method, its time, and Plaid's error code when it failed. */
export type PlaidCallObserver = (endpoint: string, seconds: number, errorCode: string | null) => void;

function errorLabel(error: unknown): string {
  const failure = failureOf(error);
  if (failure.plaidCode) return failure.plaidCode;
  return failure.httpStatus === null ? 'UNREACHABLE' : `HTTP_${failure.httpStatus}`;
}

/** The client with each API method timed for the observer (the method name is the endpoint label). */
function observed(client: PlaidApi, observe: PlaidCallObserver): PlaidApi {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return (...args: unknown[]) => {
        const started = performance.now();
        const done = (code: string | null) => observe(prop, (performance.now() - started) / 1000, code);
        return (value.apply(target, args) as Promise<unknown>).then(
          (result) => {
            done(null);
            return result;
          },
          (error: unknown) => {
            done(errorLabel(error));
            throw error;
          },
        );
      };
    },
  });
}

/**
 * The official client, built on first use: credentials are resolved then (the embedded default
 * writes a file; building a container must not).
 */
export function lazyPlaidApi(
  baseUrl: string,
  resolveCredentials: () => PlaidCredentials | undefined,
  observe?: PlaidCallObserver,
): () => PlaidApi {
  let client: PlaidApi | undefined;
  return () => {
    if (client) return client;
    const credentials = resolveCredentials();
    if (!credentials) throw new PlaidFailure(null, null, 'PLAID_CLIENT_ID and PLAID_SECRET are not set');
    client = new PlaidApi(
      new Configuration({
        basePath: baseUrl,
        baseOptions: {
          timeout: PLAID_TIMEOUT_MS,
          // Plaid's API never redirects; without redirects axios uses Node's http directly instead of
          // follow-redirects, a large share of each call's cost.
          maxRedirects: 0,
          headers: {
            'PLAID-CLIENT-ID': credentials.clientId,
            'PLAID-SECRET': credentials.secret,
            'Plaid-Version': '2020-09-14',
          },
        },
      }),
    );
    if (observe) client = observed(client, observe);
    return client;
  };
}
