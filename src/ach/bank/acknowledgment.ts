import { z } from 'zod';

/**
 * The bank's answer to a file it picked up, written beside the returns as `<file>.ack.json`.
 * Banks' acknowledgments have no NACHA format; this JSON is the simulated bank's, and holds no
 * account numbers.
 */
export const achAcknowledgmentSchema = z.object({
  file: z.string(),
  status: z.enum(['accepted', 'rejected']),
  /** Why a rejected file was refused: the first problem found, and its line when it has one. */
  reason: z.string().optional(),
  line: z.number().int().positive().optional(),
  receivedAt: z.iso.datetime(),
  batchCount: z.number().int().nonnegative(),
  entryCount: z.number().int().nonnegative(),
  totalDebitCents: z.number().int().nonnegative(),
  totalCreditCents: z.number().int().nonnegative(),
});

export type AchAcknowledgment = z.infer<typeof achAcknowledgmentSchema>;

export function readAcknowledgment(bytes: Uint8Array | string): AchAcknowledgment {
  const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8');
  return achAcknowledgmentSchema.parse(JSON.parse(text));
}

/** Where the acknowledgment of an outbound file lands: the inbound folder, same base name. */
export function acknowledgmentName(inboundFolder: string, fileName: string): string {
  return `${inboundFolder}/${fileName.split('/').pop() ?? fileName}.ack.json`;
}
