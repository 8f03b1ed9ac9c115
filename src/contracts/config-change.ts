import { z } from 'zod';

/**
 * One change callcheck made to its copy of a call center's Asterisk configuration before booting it
 * (results.json's `stack.configChanges`, the report's "What callcheck changed"). The dialplan is never
 * among them: only the agents' endpoints, the CDR connection, the trunk's far end and the addresses bound.
 */
export const configChangeSchema = z.object({
  /** The file, relative to the configuration folder (e.g. `pjsip.conf`). */
  file: z.string(),
  /** The line of the user's file the change is at; absent for a file added or replaced whole. */
  line: z.number().int().optional(),
  /** What changed, with the value it had (passwords shown as `***`). */
  change: z.string(),
  /** Why callcheck had to change it. */
  why: z.string(),
});
export type ConfigChange = z.infer<typeof configChangeSchema>;
