/**
 * A response that is a file rather than JSON (Plaid's PDFs): sent as it is, with its content type,
 * the request id in the `Plaid-Request-ID` header as Plaid sends it.
 */
export class BinaryBody {
  constructor(
    readonly contentType: string,
    readonly bytes: Buffer,
  ) {}
}
