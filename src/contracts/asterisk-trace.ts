import { z } from 'zod';

/** One priority of the dialplan as Asterisk loaded it (`dialplan show`), with the file line it came from. */
export const dialplanPrioritySchema = z.object({
  context: z.string(),
  exten: z.string(),
  priority: z.number().int(),
  app: z.string(),
  data: z.string(),
  file: z.string().optional(),
  line: z.number().int().optional(),
});
export type DialplanPriority = z.infer<typeof dialplanPrioritySchema>;

/** One dialplan step a channel ran, as Asterisk's full log says: the arguments after variable substitution. */
export const dialplanStepSchema = z.object({
  context: z.string(),
  exten: z.string(),
  priority: z.number().int(),
  app: z.string(),
  args: z.string(),
});
export type DialplanStep = z.infer<typeof dialplanStepSchema>;

/** What one channel did: its steps, and the WARNING and ERROR lines logged for its call. */
export const channelTraceSchema = z.object({
  channel: z.string(),
  steps: z.array(dialplanStepSchema),
  warnings: z.array(z.string()),
});
export type ChannelTrace = z.infer<typeof channelTraceSchema>;

/**
 * Asterisk's own view of a run on a call center's configuration (the run directory's asterisk-trace.json):
 * the dialplan it loaded and what each channel ran. A verdict that says "key not stored" is explained by it.
 */
export const asteriskTraceSchema = z.object({
  dialplan: z.array(dialplanPrioritySchema),
  /** Context → the contexts it includes. */
  includes: z.record(z.string(), z.array(z.string())),
  channels: z.array(channelTraceSchema),
});
export type AsteriskTrace = z.infer<typeof asteriskTraceSchema>;
