/** Plaid reports amounts as decimal dollars; Linkport keeps integer cents. */
export function toCents(amount: number | null | undefined): number | null {
  return amount === null || amount === undefined ? null : Math.round(amount * 100);
}
