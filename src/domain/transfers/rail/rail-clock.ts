import { readClockOffset } from '../../../store/ach-rail.store.js';
import type { Db } from '../../../store/db.js';
import type { Clock } from '../../../lib/clock.js';

/**
 * The rail's time: the wall clock, moved ahead by the sandbox's "advance a banking day" (an offset
 * kept in the database, so every process agrees). With a real bank the offset is always zero.
 */
export async function railNow(db: Db, clock: Clock): Promise<Date> {
  const offset = await readClockOffset(db);
  return new Date(clock.now().getTime() + offset);
}
