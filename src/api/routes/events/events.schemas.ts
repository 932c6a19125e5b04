import { z } from 'zod';

export const eventSchema = z
  .object({
    event_id: z.string(),
    type: z.string(),
    version: z.number().int().describe("The version of the type's payload schema."),
    subject_id: z.string(),
    data: z.record(z.string(), z.unknown()),
    date_created: z.string(),
  })
  .meta({ id: 'Event' });
