import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HeaderMapping } from '../contracts/header-map.ts';
import type { CdrPolicy } from '../logic/verify/cdr-expectation.ts';
import type { AgentCredentials } from '../contracts/pbx.ts';
import { renderAgentContext } from '../logic/asterisk/dialplan.ts';
import { fillTemplate, placeholdersOf } from '../logic/plan/fill-template.ts';
import { renderPjsipEndpoints, renderSippEndpoint, renderWebrtcTemplate } from '../logic/asterisk/pjsip-endpoints.ts';
import type { CdrConnection } from '../cdr/cdr-database.ts';

export interface AsteriskConfigInput {
  templateDir: string;
  httpPort: number;
  /** UDP port of the loopback SIP transport SIPp calls through. */
  sipUdpPort: number;
  rtpPorts: { start: number; end: number };

  agents: readonly AgentCredentials[];
  /** Digest credentials of the benchmark's SIPp endpoint. */
  sipp: AgentCredentials;
  mappings: readonly HeaderMapping[];
  ringTimeMs: number;
  maxCallS: number;
  policy: CdrPolicy;
  table: string;
  db: CdrConnection;
}

/** A rendered config file and where it goes in the container. */
export interface ConfigFile {
  target: string;
  content: string;
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** Where the CA the ODBC driver checks the database's certificate against goes in Asterisk's container. */
const DB_CA_FILE = '/etc/asterisk/cdr-database-ca.pem';

/**
 * Renders asterisk-image/config/ for one run: every template filled, the generated endpoints and
 * dialplan in place. Every value must land in some template, so the templates and this code never drift.
 */
export async function renderAsteriskConfig(input: AsteriskConfigInput): Promise<ConfigFile[]> {
  if (input.db.tls === undefined) throw new Error('the CDR database connection has no TLS CA: callcheck\'s Asterisk reaches its database over TLS only');
  const values: Record<string, string> = {
    HTTP_PORT: String(input.httpPort),
    SIP_UDP_PORT: String(input.sipUdpPort),
    RTP_START: String(input.rtpPorts.start),
    RTP_END: String(input.rtpPorts.end),
    CDR_UNANSWERED: yesNo(input.policy.recordUnanswered),
    CDR_CONGESTION: yesNo(input.policy.recordCongestion),
    CDR_TABLE: input.table,
    DB_HOST: input.db.host,
    DB_PORT: String(input.db.port),
    DB_NAME: input.db.database,
    DB_USER: input.db.user,
    DB_PASSWORD: input.db.password,
    DB_CA_FILE: DB_CA_FILE,
    WEBRTC_TEMPLATE: renderWebrtcTemplate(),
    ENDPOINTS: renderPjsipEndpoints(input.agents),
    SIPP_ENDPOINT: renderSippEndpoint(input.sipp),
    AGENT_CONTEXT: renderAgentContext({ mappings: input.mappings, ringTimeMs: input.ringTimeMs, maxCallS: input.maxCallS }),
  };
  const names = (await readdir(input.templateDir)).filter((n) => n.endsWith('.conf') || n.endsWith('.ini')).sort();
  const used = new Set<string>();
  const files: ConfigFile[] = [];
  for (const name of names) {
    const template = await readFile(join(input.templateDir, name), 'utf8');
    for (const key of placeholdersOf(template)) used.add(key);
    // odbc.ini is unixODBC's, read from /etc; everything else is Asterisk's.
    const target = name === 'odbc.ini' ? '/etc/odbc.ini' : `/etc/asterisk/${name}`;
    files.push({ target, content: fillTemplate(name, template, values) });
  }
  files.push({ target: DB_CA_FILE, content: input.db.tls.ca });
  const unused = Object.keys(values).filter((k) => !used.has(k));
  if (unused.length > 0) throw new Error(`asterisk-image/config has no placeholder for ${unused.join(', ')}`);
  return files;
}
