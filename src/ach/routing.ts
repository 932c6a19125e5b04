/**
 * ABA routing transit numbers: nine digits whose weighted sum (3, 7, 1 repeating) is a multiple of
 * ten, with a first pair the ABA assigns (Fed districts 01–12, thrifts 21–32, electronic 61–72,
 * traveller's cheques 80, and 00 for the US Government).
 */

const WEIGHTS = [3, 7, 1, 3, 7, 1, 3, 7] as const;

/** The ninth digit that makes eight digits a valid routing number. */
export function routingCheckDigit(firstEight: string): number {
  if (!/^\d{8}$/.test(firstEight)) throw new RangeError('a routing check digit needs eight digits');
  let sum = 0;
  WEIGHTS.forEach((weight, i) => {
    sum += weight * Number(firstEight[i]);
  });
  return (10 - (sum % 10)) % 10;
}

function isAssignedPrefix(prefix: number): boolean {
  return prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80;
}

export function isValidRoutingNumber(routing: string): boolean {
  if (!/^\d{9}$/.test(routing) || /^0{9}$/.test(routing)) return false;
  return (
    isAssignedPrefix(Number(routing.slice(0, 2))) &&
    routingCheckDigit(routing.slice(0, 8)) === Number(routing.slice(8))
  );
}
