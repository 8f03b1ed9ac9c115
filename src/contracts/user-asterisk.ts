import { z } from 'zod';
import { pbxAgentSchema } from './pbx.ts';

/** A dialplan context or PJSIP section name as Asterisk's config files spell them. */
const CONF_NAME = /^[A-Za-z0-9_.+-]{1,80}$/;

/**
 * Your Asterisk under test: the call center's own configuration booted in callcheck's stack (with
 * callcheck's CDR database and a simulated carrier behind the trunk) instead of callcheck's generated
 * dialplan. See docs/your-asterisk-config.md.
 */
export const userAsteriskSchema = z.strictObject({
  /**
   * Folder of the call center's Asterisk configuration (their /etc/asterisk), relative to the working
   * folder; or several, a file of a later folder replacing the file of the same name in an earlier one (a
   * variant kept beside the configuration). Copied for the run; the copy is edited, never the folder.
   */
  config: z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(8)]).transform((c) => (typeof c === 'string' ? [c] : c)),
  /**
   * Dialplan context the agents' endpoints are placed in, as the operators' phones are (e.g.
   * `from-internal`): every call starts there, and every row of theirs carries it as dcontext.
   */
  agentContext: z.string().regex(CONF_NAME, 'use a context name as extensions.conf spells it, e.g. from-internal'),
  /**
   * The operators' own accounts, as the configuration has them (endpoints with `webrtc = yes` in
   * `agentContext`, reached over WebSocket), one per agent the load needs, as with `pbx.agents`. Absent:
   * callcheck adds an endpoint per agent in `agentContext`.
   */
  agents: z.array(pbxAgentSchema).min(1).max(2000).optional(),
  trunk: z.strictObject({
    /** The PJSIP endpoint of the carrier trunk the outbound routes dial; its far end becomes callcheck's simulated carrier. */
    endpoint: z.string().regex(CONF_NAME, 'use the [name] of the trunk\'s type=endpoint section in pjsip.conf'),
    /**
     * What an agent dials to reach a customer through the outbound route, `{number}` standing for the
     * number the carrier receives (which chooses the simulated customer's behaviour). Default `00{number}`
     * (a route on `_00.` that strips the two zeros).
     */
    dial: z
      .string()
      .max(64)
      .regex(/^[0-9A-Za-z*+._-]*\{number\}[0-9A-Za-z*+._-]*$/, 'use digits, letters, * + . _ - around one {number}, e.g. 00{number}')
      .default('00{number}'),
  }),
  /**
   * SQL file creating the CDR table (the call center's own schema), relative to the working folder.
   * Default: generated from the header map, like callcheck's own stack does.
   */
  cdrSchemaFile: z.string().min(1).optional(),
});
export type UserAsterisk = z.output<typeof userAsteriskSchema>;
export type UserAsteriskInput = z.input<typeof userAsteriskSchema>;
