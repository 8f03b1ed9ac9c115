import { z } from 'zod';
import { parseMysqlUrl } from './mysql-url.ts';

/**
 * Characters of a SIP URI's user part that need no escaping (RFC 3261 `unreserved` and
 * `user-unreserved`): a username outside them would have to be escaped in every URI SIP.js builds.
 */
const SIP_USER = /^[A-Za-z0-9\-_.!~*'()&=+$,;?/]{1,64}$/;

/**
 * A number to dial: digits, letters and `* + . _ -`, with `{n}` standing for the call's index, zero-padded
 * to six digits (so every call dials its own number, as on callcheck's own Asterisk). `#` is left out: it
 * must be escaped in a SIP URI.
 */
const DIAL_STRING = /^(?:[0-9A-Za-z*+._-]|\{n\})+$/;
const dialString = z.string().max(64).regex(DIAL_STRING, 'use digits, letters, * + . _ - and {n} (the call\'s index, six digits)');

/**
 * Hosts the agents can reach a PBX on. Their browsers keep SIP and media on this machine: Chromium resolves
 * no host name but localhost (chromium-flags.ts) and the agents' SDP offers only 127.0.0.1 candidates
 * (loopback-sdp.ts), so a PBX elsewhere would register them and then carry no audio. Refused up front
 * rather than failing every call.
 */
export const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/** A host name or address, as the SIP domain of the agents' AORs. */
const SIP_DOMAIN = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

export const pbxAgentSchema = z.strictObject({
  /** SIP username: the user of the agent's AOR (`sip:username@domain`), and its name in calls and reports. */
  username: z.string().regex(SIP_USER, 'use letters, digits and - _ . ! ~ * \' ( ) & = + $ , ; ? / (at most 64)'),
  /** Digest password. Never logged nor written to results or reports. */
  password: z.string().min(1),
  /** Digest user, where the PBX authenticates the agent under another name. Default: `username`. */
  authorizationUsername: z.string().min(1).max(128).optional(),
  /** The `src` the PBX writes in the agent's CDR rows (its caller ID number). Default: `username`. */
  src: z.string().min(1).max(80).optional(),
});
export type PbxAgent = z.output<typeof pbxAgentSchema>;

/**
 * "Your own PBX": an existing Asterisk and its CDR database, used instead of the containers callcheck
 * starts. callcheck only places calls, reads the CDR table and (before any call) checks that both can be
 * reached and that the table has the columns it needs; it changes nothing on the PBX.
 */
export const pbxSchema = z
  .strictObject({
    /** WebSocket URL of Asterisk's SIP transport, e.g. `wss://pbx.example.com:8089/ws`. */
    wsUrl: z.string().superRefine((text, ctx) => {
      const url = URL.parse(text);
      if (!url || (url.protocol !== 'ws:' && url.protocol !== 'wss:')) ctx.addIssue({ code: 'custom', message: 'use a ws:// or wss:// URL, e.g. wss://pbx.example.com:8089/ws' });
      else if (url.username !== '' || url.password !== '') ctx.addIssue({ code: 'custom', message: 'must not carry a user or password: give the agents\' credentials in pbx.agents' });
      else if (!LOOPBACK_HOST.test(url.hostname)) {
        ctx.addIssue({
          code: 'custom',
          message: `${url.hostname} is not this machine: callcheck's agents keep SIP and media on loopback (their SDP offers only 127.0.0.1, their browser resolves only localhost), so they can only call a PBX on this machine (127.0.0.1 or localhost)`,
        });
      }
    }),
    /**
     * SIP credentials of the agents, one per agent the load needs (agent 1 takes the first, and so on;
     * shards of a split run take every n-th, as they number their agents).
     */
    agents: z.array(pbxAgentSchema).min(1).max(2000),
    /** SIP domain of the agents' AORs. Default: the host of `wsUrl`. */
    domain: z.string().regex(SIP_DOMAIN, 'use a host name or address, e.g. pbx.example.com').optional(),
    /** The CDR database: `mysql://user:password@host:port/database` (port default 3306). The password is shown as `***`. */
    cdrUrl: z.string().superRefine((text, ctx) => {
      try {
        parseMysqlUrl(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
      }
    }),
    /**
     * PEM file of the CA that signed the CDR database's certificate (relative to the working folder). Given:
     * callcheck reaches the database over TLS and checks that its certificate is signed by this CA and names
     * the host of `cdrUrl`. Absent: plain TCP (a caching_sha2_password account then logs in with the
     * server's RSA key); a server that requires TLS says so, and callcheck names this option.
     */
    cdrCaFile: z.string().min(1).optional(),
    /**
     * What to dial for each simulated outcome on this PBX. Default: callcheck's own numbers (`200{n}`
     * answer and echo, `486{n}` busy, `480{n}` no answer, `503{n}` congestion, `487{n}` rings until the agent
     * cancels, `403{n}` rejects, `404{n}` unknown number), which only callcheck's
     * generated dialplan knows.
     */
    numbers: z
      .strictObject({
        answer: dialString.optional(),
        busy: dialString.optional(),
        'no-answer': dialString.optional(),
        congestion: dialString.optional(),
        cancel: dialString.optional(),
        reject: dialString.optional(),
        'unknown-number': dialString.optional(),
      })
      .optional(),
    /** Dialplan context the agents' calls enter (every row's `dcontext`). Absent: dcontext is not checked. */
    context: z.string().min(1).max(80).optional(),
    /** Limit for each check before the calls (WebSocket upgrade, SIP answer, database login), in ms. Default 10000. */
    connectTimeoutMs: z.number().int().min(100).max(600_000).default(10_000),
    /**
     * How far before the run's start a CDR row's calldate may be and still count as the run's, in ms:
     * covers calldate's whole seconds and the clocks of PBX and database differing slightly. Default 2000.
     */
    cdrWindowMarginMs: z.number().int().min(0).max(3_600_000).default(2_000),
  })
  .superRefine((pbx, ctx) => {
    const seen = new Set<string>();
    pbx.agents.forEach((agent, i) => {
      if (seen.has(agent.username)) ctx.addIssue({ code: 'custom', path: ['agents', i, 'username'], message: `"${agent.username}" is given twice; every agent needs its own registration` });
      seen.add(agent.username);
    });
  });

export type PbxInput = z.input<typeof pbxSchema>;
export type Pbx = z.output<typeof pbxSchema>;
export type DialNumbers = NonNullable<Pbx['numbers']>;

/** The SIP domain of the agents: `pbx.domain`, else the host of the WebSocket URL (without its port). */
export function pbxSipDomain(pbx: Pick<Pbx, 'wsUrl' | 'domain'>): string {
  return pbx.domain ?? new URL(pbx.wsUrl).hostname;
}

/** The digest credentials an agent registers with: callcheck's own, random every run, or one of `pbx.agents`. */
export interface AgentCredentials {
  /** SIP user and PJSIP endpoint name, e.g. `agent001`. */
  username: string;
  password: string;
  /** Digest user, where it is not the username (an external PBX's `pbx.agents[].authorizationUsername`). */
  authorizationUsername?: string;
}
