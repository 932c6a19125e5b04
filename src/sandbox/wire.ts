/**
 * A plaid-node type as it travels on the wire: its TypeScript enums become the string literals they
 * stand for. Response builders are checked with `satisfies Wire<PlaidResponseType>`, so a missing
 * required field or an unknown enum value fails the typecheck without loading the SDK at run time.
 */
export type Wire<T> = T extends string
  ? `${T}`
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/** A response as an endpoint handler returns it: the app adds `request_id`. */
export type ResponseBody<T> = Omit<Wire<T>, 'request_id'>;

/**
 * A response body already serialised (a JSON object's text, without `request_id`): for the hot
 * paths whose large, unchanging parts are serialised once and kept.
 */
export class JsonBody {
  constructor(readonly json: string) {}
}
