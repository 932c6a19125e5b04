/**
 * Identity matching scores, 0 to 100 per field, in the shape Plaid's Identity Match reports them.
 * Pure functions: the sandbox uses them to answer /identity/match, the platform to judge owners.
 */

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'jr', 'sr', 'ii', 'iii', 'iv']);
const BUSINESS_WORDS = new Set([
  'llc',
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'ltd',
  'limited',
  'lp',
  'llp',
  'plc',
  'pllc',
  'pc',
  'holdings',
  'group',
  'partners',
  'bank',
  'trust',
  'foundation',
  'services',
  'enterprises',
]);

// prettier-ignore
const NICKNAME_GROUPS: readonly string[][] = [
  ['william', 'bill', 'billy', 'will', 'willy', 'liam'], ['robert', 'bob', 'bobby', 'rob', 'robbie', 'bert'],
  ['richard', 'rick', 'ricky', 'rich', 'dick'], ['james', 'jim', 'jimmy', 'jamie'], ['john', 'jack', 'johnny', 'jon'],
  ['margaret', 'maggie', 'peggy', 'meg', 'marge'], ['elizabeth', 'liz', 'lizzie', 'beth', 'betty', 'eliza', 'libby'],
  ['katherine', 'catherine', 'kathryn', 'kate', 'katie', 'kathy', 'cathy', 'kat'], ['michael', 'mike', 'mikey', 'mick'],
  ['alexander', 'alex', 'al', 'sasha'], ['alexandra', 'alex', 'alexa', 'sandra', 'sasha'], ['christopher', 'chris', 'kit'],
  ['christina', 'christine', 'chris', 'tina'], ['daniel', 'dan', 'danny'], ['david', 'dave', 'davy'],
  ['edward', 'ed', 'eddie', 'ted', 'ned'], ['joseph', 'joe', 'joey'], ['thomas', 'tom', 'tommy'], ['anthony', 'tony'],
  ['charles', 'charlie', 'chuck', 'chas'], ['jennifer', 'jen', 'jenny'], ['rebecca', 'becky', 'becca'],
  ['susan', 'sue', 'suzy', 'susie'], ['patricia', 'pat', 'patty', 'trish', 'tricia'], ['patrick', 'pat', 'paddy'],
  ['nicholas', 'nick', 'nicky'], ['matthew', 'matt'], ['benjamin', 'ben', 'benny'], ['samuel', 'sam', 'sammy'],
  ['samantha', 'sam', 'sammy'], ['steven', 'stephen', 'steve'], ['andrew', 'andy', 'drew'], ['timothy', 'tim', 'timmy'],
  ['gregory', 'greg'], ['jeffrey', 'jeff'], ['kenneth', 'ken', 'kenny'], ['ronald', 'ron', 'ronnie'],
  ['donald', 'don', 'donnie'], ['gerald', 'gerry', 'jerry'], ['lawrence', 'larry'], ['harold', 'harry', 'hal'],
  ['henry', 'hank', 'harry'], ['albert', 'al', 'bert'], ['alberta', 'bertie', 'allie'], ['frederick', 'fred', 'freddie'],
  ['victoria', 'vicky', 'tori'], ['deborah', 'debra', 'deb', 'debbie'], ['abigail', 'abby', 'gail'],
  ['theodore', 'ted', 'teddy', 'theo'], ['zachary', 'zach', 'zack'], ['joshua', 'josh'], ['jacob', 'jake'],
  ['nathaniel', 'nathan', 'nate'], ['jonathan', 'jon', 'johnny'], ['dorothy', 'dot', 'dottie'], ['barbara', 'barb', 'barbie'],
  ['jessica', 'jess', 'jessie'], ['kimberly', 'kim'], ['cynthia', 'cindy'], ['pamela', 'pam'], ['sandra', 'sandy'],
  ['raymond', 'ray'], ['eugene', 'gene'], ['vincent', 'vince', 'vinny'], ['peter', 'pete'], ['philip', 'phillip', 'phil'],
];

const NICKNAMES = new Map<string, Set<string>>();
for (const group of NICKNAME_GROUPS) {
  for (const name of group) {
    const set = NICKNAMES.get(name) ?? new Set<string>();
    for (const other of group) if (other !== name) set.add(other);
    NICKNAMES.set(name, set);
  }
}

function words(value: string): string[] {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9\s,]/g, ' ')
    .split(/[\s,]+/)
    .filter((w) => w !== '');
}

/** Edit distance, for one-letter typos in names and streets. */
export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - levenshtein(a, b) / longest;
}

const closeEnough = (a: string, b: string) =>
  a === b || (Math.min(a.length, b.length) >= 5 && levenshtein(a, b) === 1);

export interface NameScore {
  score: number;
  isNicknameMatch: boolean;
  isFirstOrLastNameMatch: boolean;
  isBusinessNameDetected: boolean;
}

/** "Last, First" becomes "First Last"; titles and suffixes are dropped. */
function personTokens(name: string): string[] {
  const reordered = name.includes(',') ? name.split(',').reverse().join(' ') : name;
  return words(reordered).filter((w) => !TITLES.has(w));
}

export function scoreName(given: string, onFile: string): NameScore {
  const a = personTokens(given);
  const b = personTokens(onFile);
  const business = [...a, ...b].some((w) => BUSINESS_WORDS.has(w));
  if (business) {
    const strip = (tokens: string[]) => tokens.filter((w) => !BUSINESS_WORDS.has(w)).join(' ');
    const score = Math.round(similarity(strip(a), strip(b)) * 100);
    return { score, isNicknameMatch: false, isFirstOrLastNameMatch: false, isBusinessNameDetected: true };
  }
  const [firstA = '', lastA = ''] = [a[0], a.at(-1)];
  const [firstB = '', lastB = ''] = [b[0], b.at(-1)];
  const lastMatch = closeEnough(lastA, lastB);
  const firstMatch = closeEnough(firstA, firstB);
  const nickname = !firstMatch && (NICKNAMES.get(firstA)?.has(firstB) ?? false);
  let score: number;
  if (a.join(' ') === b.join(' ')) score = 100;
  else if (firstMatch && lastMatch) score = firstA === firstB && lastA === lastB ? 95 : 90;
  else if (nickname && lastMatch) score = 85;
  else if (lastMatch) score = 55;
  else if (firstMatch) score = 45;
  else score = Math.round(similarity(a.join(' '), b.join(' ')) * 40);
  return {
    score,
    isNicknameMatch: nickname && lastMatch,
    isFirstOrLastNameMatch: firstMatch || lastMatch,
    isBusinessNameDetected: false,
  };
}

const digits = (value: string) => value.replace(/\D/g, '');

export function scorePhone(given: string, onFile: string): number {
  const a = digits(given).slice(-10);
  const b = digits(onFile).slice(-10);
  if (a.length < 7 || b.length < 7) return 0;
  if (a === b) return 100;
  return a.slice(-7) === b.slice(-7) ? 70 : 0;
}

export function scoreEmail(given: string, onFile: string): number {
  const a = given.trim().toLowerCase();
  const b = onFile.trim().toLowerCase();
  if (a === b) return 100;
  const [localA] = a.split('@');
  const [localB] = b.split('@');
  return localA !== undefined && localA === localB ? 50 : 0;
}

export interface AddressParts {
  street?: string | null | undefined;
  city?: string | null | undefined;
  region?: string | null | undefined;
  postal_code?: string | null | undefined;
}

const STREET_WORDS: Record<string, string> = {
  street: 'st',
  road: 'rd',
  avenue: 'ave',
  av: 'ave',
  lane: 'ln',
  drive: 'dr',
  boulevard: 'blvd',
  court: 'ct',
  place: 'pl',
  terrace: 'ter',
  highway: 'hwy',
  parkway: 'pkwy',
  circle: 'cir',
  suite: 'ste',
  apartment: 'apt',
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
};

const street = (value: string) =>
  words(value)
    .map((w) => STREET_WORDS[w] ?? w)
    .join(' ');
const postal5 = (value: string) => digits(value).slice(0, 5) || value.trim().toLowerCase();

export function scoreAddress(
  given: AddressParts,
  onFile: AddressParts,
): { score: number; isPostalCodeMatch: boolean } {
  const postalMatch = Boolean(
    given.postal_code && onFile.postal_code && postal5(given.postal_code) === postal5(onFile.postal_code),
  );
  const streetScore =
    given.street && onFile.street ? similarity(street(given.street), street(onFile.street)) : 0;
  const cityMatch = Boolean(
    given.city && onFile.city && words(given.city).join(' ') === words(onFile.city).join(' '),
  );
  const score = Math.round(streetScore * 70 + (postalMatch ? 20 : 0) + (cityMatch ? 10 : 0));
  return { score: Math.min(100, score), isPostalCodeMatch: postalMatch };
}
