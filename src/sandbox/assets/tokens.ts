import { randomBytes, randomUUID } from 'node:crypto';
import { invalidField } from '../errors.js';
import { isWellFormedToken, newToken } from '../ids.js';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const AUDIT_COPY_TOKEN = /^a-sandbox-[a-z2-7]{26}$/;

/** A new report's id (a UUID) and token (`assets-sandbox-<uuid>`). */
export function newAssetReport(): { asset_report_id: string; asset_report_token: string } {
  return { asset_report_id: randomUUID(), asset_report_token: newToken('assets') };
}

/** An audit copy token as Plaid's sandbox issues them: `a-sandbox-` and 26 base32 characters. */
export function newAuditCopyToken(): string {
  return `a-sandbox-${[...randomBytes(26)].map((b) => BASE32[b % 32]).join('')}`;
}

export const isAuditCopyToken = (token: string): boolean => AUDIT_COPY_TOKEN.test(token);

/** A string that is not an asset report token at all is a malformed field, as for link tokens. */
export function requireAssetReportTokenShape(token: string): void {
  if (!isWellFormedToken('assets', token)) {
    throw invalidField('asset_report_token: must be an asset report token (assets-sandbox-<uuid>)');
  }
}
