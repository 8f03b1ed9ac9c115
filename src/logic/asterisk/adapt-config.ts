import { CallcheckError } from '../../contracts/errors.ts';
import type { AgentCredentials } from '../../contracts/pbx.ts';
import type { CdrPolicy } from '../verify/cdr-expectation.ts';
import { applyConfEdits, type ConfEdit, type EditedConf } from './conf-edits.ts';
import { filesOf, sectionsOf, settingOf, type ConfFiles, type ConfSection } from './conf-file.ts';
import { renderPjsipEndpoints } from './pjsip-endpoints.ts';

/** The file callcheck adds for its agents' endpoints, included at the end of pjsip.conf. */
export const AGENTS_FILE = 'callcheck-agents.conf';
/** The ODBC data source callcheck's /etc/odbc.ini defines: its CDR database. */
export const CDR_DSN = 'callcheck-cdr';

/** Modules a callcheck run needs in any configuration: the agents' WebRTC calls, their headers, the CDR backend. */
export const REQUIRED_MODULES = [
  'res_pjsip.so', 'res_pjsip_session.so', 'chan_pjsip.so', 'res_pjsip_authenticator_digest.so', 'res_pjsip_endpoint_identifier_user.so',
  'res_pjsip_registrar.so', 'res_http_websocket.so', 'res_pjsip_transport_websocket.so', 'res_pjsip_sdp_rtp.so', 'res_pjsip_header_funcs.so',
  'res_rtp_asterisk.so', 'res_srtp.so', 'res_format_attr_opus.so', 'codec_opus_open_source.so', 'codec_ulaw.so', 'codec_alaw.so',
  'pbx_config.so', 'func_cdr.so', 'res_odbc.so', 'res_odbc_transaction.so', 'cdr_adaptive_odbc.so',
] as const;

export interface AdaptConfigInput {
  /** The user's configuration folder(s), merged. */
  files: ConfFiles;
  agents: readonly AgentCredentials[];
  /** `existing`: the agents are operators' accounts the configuration has (checked, not added). Default `add`. */
  agentEndpoints?: 'add' | 'existing';
  agentContext: string;
  trunkEndpoint: string;
  /** Where callcheck's simulated carrier listens (SIP over UDP and TCP on 127.0.0.1). */
  carrierPort: number;
  httpPort: number;
  rtpPorts: { start: number; end: number };
  /** A free loopback port for each SIP transport of the configuration that binds one (UDP, TCP, TLS). */
  portFor: (transport: string) => number;
  db: { user: string; password: string };
  policy: CdrPolicy;
  /** The scenario's CDR table: the table the configuration's cdr_adaptive_odbc writes must be this one. */
  table: string;
  /** callcheck's own asterisk.conf and logger.conf (asterisk-image/config), which replace the user's. */
  callcheckFiles: { 'asterisk.conf': string; 'logger.conf': string };
}

export interface AdaptedConfig extends EditedConf {
  /** The ODBC connection (res_odbc section) cdr_adaptive_odbc writes through, now pointed at callcheck's database. */
  cdrConnection: string;
}

/** A configuration callcheck cannot put under test as it is: what is wrong and what to do (exit 2). */
function notUsable(message: string, hint: string): CallcheckError {
  return new CallcheckError('CONFIG_NOT_USABLE', message, { hint });
}

const LOOPBACK = /^(?:sips?:)?(?:[^@]*@)?(?:127\.\d+\.\d+\.\d+|localhost|\[::1\])(?::\d+)?(?:[;>].*)?$/;

const typed = (sections: readonly ConfSection[], type: string) => sections.filter((s) => !s.isTemplate && settingOf(s, 'type', sections) === type);
const generalOf = (files: ConfFiles, file: string) => sectionsOf(files, file).find((s) => s.name === 'general');

/**
 * The changes that let a call center's configuration run in callcheck's stack, and nothing else: its
 * agents' endpoints added in the context named, the CDR connection pointed at callcheck's database, the
 * trunk's far end at the simulated carrier, every address bound on loopback, nothing reaching outside it
 * (registrations, static contacts, STUN/TURN). The dialplan is never edited. Pure: the caller reads and
 * writes the files.
 */
export function adaptConfig(input: AdaptConfigInput): AdaptedConfig {
  const { files } = input;
  if (!files.has('extensions.conf')) throw notUsable('the configuration has no extensions.conf', 'give the folder that holds the call center\'s extensions.conf (their /etc/asterisk)');
  if (!files.has('pjsip.conf')) throw notUsable('the configuration has no pjsip.conf', 'callcheck\'s agents and the trunk are PJSIP endpoints: give the folder that holds pjsip.conf');
  const edits: ConfEdit[] = [
    { kind: 'replace-file', file: 'asterisk.conf', text: input.callcheckFiles['asterisk.conf'], what: 'callcheck\'s (the image\'s directories, run as user asterisk)', why: 'the folders of the container callcheck boots, not those of the production host' },
    { kind: 'replace-file', file: 'logger.conf', text: input.callcheckFiles['logger.conf'], what: 'callcheck\'s (console and full log with verbose)', why: 'the run reads each call\'s dialplan steps and Asterisk\'s warnings from the full log' },
  ];
  edits.push(...moduleEdits(files), ...httpEdits(files, input), ...managerEdits(files), ...rtpEdits(files, input), ...cdrConfEdits(files, input.policy));
  const pjsip = pjsipEdits(input);
  edits.push(...pjsip.edits);
  const cdr = cdrEdits(input);
  edits.push(...cdr.edits);
  return { ...applyConfEdits(files, edits), cdrConnection: cdr.connection };
}

function moduleEdits(files: ConfFiles): ConfEdit[] {
  const modules = sectionsOf(files, 'modules.conf').find((s) => s.name === 'modules');
  if (modules === undefined) return [];
  const edits: ConfEdit[] = [];
  const autoload = /^(?:yes|true|1|on)$/i.test(settingOf(modules, 'autoload', []) ?? 'no');
  const noload = new Set(modules.settings.filter((s) => s.key === 'noload').map((s) => s.value));
  const loaded = new Set(modules.settings.filter((s) => s.key === 'load' || s.key === 'require').map((s) => s.value));
  const missing = REQUIRED_MODULES.filter((m) => noload.has(m) || (!autoload && !loaded.has(m)));
  if (missing.length > 0) {
    edits.push({ kind: 'append', file: 'modules.conf', lines: ['', '; callcheck: modules its agents and CDR connection need', '[modules](+)', ...missing.map((m) => `load = ${m}`)], what: `load = ${missing.join(', ')}`, why: 'the agents call over WebRTC (WebSocket, DTLS-SRTP, Opus) and the CDRs reach the database through cdr_adaptive_odbc' });
  }
  return edits;
}

function httpEdits(files: ConfFiles, input: AdaptConfigInput): ConfEdit[] {
  const why = 'the agents\' SIP over WebSocket is served by Asterisk\'s HTTP server, on loopback at a port free for this run';
  const general = generalOf(files, 'http.conf');
  if (general === undefined) {
    return [{ kind: 'replace-file', file: 'http.conf', text: ['[general]', 'enabled = yes', 'bindaddr = 127.0.0.1', `bindport = ${input.httpPort}`, 'enablestatic = no', 'sessionlimit = 4000', ''].join('\n'), what: 'an HTTP server on 127.0.0.1 for the WebSocket', why }];
  }
  return [
    { kind: 'set', section: general, key: 'enabled', value: 'yes', why },
    { kind: 'set', section: general, key: 'bindaddr', value: '127.0.0.1', why },
    { kind: 'set', section: general, key: 'bindport', value: String(input.httpPort), why },
    ...(settingOf(general, 'tlsenable', []) === undefined ? [] : [{ kind: 'set', section: general, key: 'tlsenable', value: 'no', why: 'the agents connect with ws:// on loopback; the certificate files of the production host are not in the copy' } satisfies ConfEdit]),
  ];
}

function managerEdits(files: ConfFiles): ConfEdit[] {
  const general = generalOf(files, 'manager.conf');
  if (general === undefined || !/^(?:yes|true|1|on)$/i.test(settingOf(general, 'enabled', []) ?? 'no')) return [];
  return [{ kind: 'set', section: general, key: 'enabled', value: 'no', why: 'nothing in a callcheck run uses AMI, and its port would be the host\'s' }];
}

function rtpEdits(files: ConfFiles, input: AdaptConfigInput): ConfEdit[] {
  const why = 'the RTP window is one free for this run; ICE offers only 127.0.0.1, where the agents\' browsers are';
  const ice = ['ice_deny = 0.0.0.0/0', 'ice_deny = ::/0', 'ice_permit = 127.0.0.1/32'];
  const candidates = ['[ice_host_candidates]', '#tryinclude "/var/run/asterisk/ice_host_candidates.conf"'];
  const sections = sectionsOf(files, 'rtp.conf');
  const general = sections.find((s) => s.name === 'general');
  if (general === undefined) {
    return [{ kind: 'replace-file', file: 'rtp.conf', text: ['[general]', `rtpstart = ${input.rtpPorts.start}`, `rtpend = ${input.rtpPorts.end}`, 'icesupport = yes', ...ice, '', ...candidates, ''].join('\n'), what: 'RTP ports and ICE on loopback', why }];
  }
  const edits: ConfEdit[] = [
    { kind: 'set', section: general, key: 'rtpstart', value: String(input.rtpPorts.start), why },
    { kind: 'set', section: general, key: 'rtpend', value: String(input.rtpPorts.end), why },
    { kind: 'set', section: general, key: 'icesupport', value: 'yes', why },
  ];
  for (const key of ['stunaddr', 'turnaddr', 'turnusername', 'turnpassword', 'ice_deny', 'ice_permit']) {
    if (general.settings.some((s) => s.key === key)) edits.push({ kind: 'remove', section: general, key, why: key.startsWith('ice') ? why : 'a callcheck run contacts nothing outside this machine' });
  }
  for (const old of sections.filter((s) => s.name === 'ice_host_candidates')) edits.push({ kind: 'comment-out', section: old, what: 'the production host\'s ICE addresses', why });
  edits.push({ kind: 'append', file: general.file, lines: ['', '; callcheck: ICE on loopback only', '[general](+)', ...ice, '', ...candidates], what: 'ICE limited to 127.0.0.1', why });
  return edits;
}

function cdrConfEdits(files: ConfFiles, policy: CdrPolicy): ConfEdit[] {
  const yesNo = (b: boolean) => (b ? 'yes' : 'no');
  const why = 'the verifier expects rows as the scenario\'s cdr settings say (recordUnanswered, recordCongestion), each written as its call ends';
  const general = generalOf(files, 'cdr.conf');
  if (general === undefined) {
    return [{ kind: 'replace-file', file: 'cdr.conf', text: ['[general]', 'enable = yes', 'batch = no', `unanswered = ${yesNo(policy.recordUnanswered)}`, `congestion = ${yesNo(policy.recordCongestion)}`, ''].join('\n'), what: 'CDRs on, unbatched', why }];
  }
  return [
    { kind: 'set', section: general, key: 'enable', value: 'yes', why },
    { kind: 'set', section: general, key: 'batch', value: 'no', why },
    { kind: 'set', section: general, key: 'unanswered', value: yesNo(policy.recordUnanswered), why },
    { kind: 'set', section: general, key: 'congestion', value: yesNo(policy.recordCongestion), why },
  ];
}

function pjsipEdits(input: AdaptConfigInput): { edits: ConfEdit[] } {
  const sections = sectionsOf(input.files, 'pjsip.conf');
  const edits: ConfEdit[] = [];
  const endpoints = typed(sections, 'endpoint');
  const trunk = endpoints.find((s) => s.name === input.trunkEndpoint);
  if (trunk === undefined) {
    throw notUsable(
      `asterisk.trunk.endpoint "${input.trunkEndpoint}" is not a type=endpoint section of pjsip.conf or the files it includes`,
      `name the trunk your outbound route dials; the endpoints found are: ${endpoints.map((e) => e.name).join(', ') || 'none'}`,
    );
  }
  if (input.agentEndpoints === 'existing') {
    checkAccounts(input, sections);
  } else {
    const clash = sections.find((s) => input.agents.some((a) => a.username === s.name));
    if (clash) throw notUsable(`pjsip section [${clash.name}] (${clash.file} line ${clash.line}) has the name of one of callcheck's agents`, 'rename the section, or run fewer agents');
  }
  const transports = typed(sections, 'transport');
  let wsTransport: string | undefined;
  for (const t of transports) {
    const protocol = (settingOf(t, 'protocol', sections) ?? 'udp').toLowerCase();
    if (protocol === 'ws' || protocol === 'wss') {
      wsTransport ??= t.name;
      edits.push({ kind: 'set', section: t, key: 'bind', value: '127.0.0.1', why: 'WebSocket transports are served on loopback by the HTTP server' });
      if (protocol === 'wss') edits.push({ kind: 'set', section: t, key: 'protocol', value: 'ws', why: 'the agents connect with ws:// on loopback; TLS is the HTTP server\'s, off in the copy' });
    } else {
      edits.push({ kind: 'set', section: t, key: 'bind', value: `127.0.0.1:${input.portFor(t.name)}`, why: 'SIP is bound on loopback, at a port free for this run' });
      if (protocol === 'tls') edits.push({ kind: 'set', section: t, key: 'protocol', value: 'tcp', why: 'the production host\'s certificate files are not in the copy; the carrier is reached in plain SIP on loopback' });
    }
    for (const key of ['external_media_address', 'external_signaling_address', 'local_net']) {
      if (t.settings.some((s) => s.key === key)) edits.push({ kind: 'remove', section: t, key, why: 'everything runs on this machine\'s loopback: no NAT to cross' });
    }
  }
  for (const registration of typed(sections, 'registration')) {
    edits.push({ kind: 'comment-out', section: registration, what: `outbound registration to ${settingOf(registration, 'server_uri', sections) ?? 'its server'}`, why: 'a callcheck run contacts nothing outside this machine; the simulated carrier takes calls without registration' });
  }
  const trunkAors = (settingOf(trunk, 'aors', sections) ?? '').split(',').map((a) => a.trim()).filter((a) => a !== '');
  if (trunkAors.length === 0) throw notUsable(`trunk endpoint [${trunk.name}] (${trunk.file} line ${trunk.line}) has no aors`, 'give the trunk an AOR with its contact, as the outbound route dials PJSIP/number@trunk');
  for (const aor of typed(sections, 'aor')) {
    if (trunkAors.includes(aor.name)) {
      edits.push({ kind: 'set', section: aor, key: 'contact', value: `sip:127.0.0.1:${input.carrierPort}`, why: 'the trunk\'s far end is callcheck\'s simulated carrier on loopback' });
      continue;
    }
    const away = aor.settings.filter((s) => s.key === 'contact' && !s.value.split(',').every((c) => LOOPBACK.test(c.trim())));
    if (away.length > 0) edits.push({ kind: 'remove', section: aor, key: 'contact', why: 'a static contact off this machine would be qualified and called; a callcheck run contacts nothing outside this machine' });
  }
  if (trunk.settings.some((s) => s.key === 'outbound_proxy')) edits.push({ kind: 'remove', section: trunk, key: 'outbound_proxy', why: 'the trunk reaches the simulated carrier directly on loopback' });
  for (const identify of typed(sections, 'identify')) {
    const matches = identify.settings.filter((s) => s.key === 'match').flatMap((s) => s.value.split(',').map((m) => m.trim()));
    const why = settingOf(identify, 'endpoint', sections) === trunk.name
      ? 'every request of the run comes from 127.0.0.1; identified by address, the agents\' REGISTERs would be taken for the trunk\'s (the simulated carrier only takes calls)'
      : matches.some((m) => /^127\.|^::1|^localhost/i.test(m))
        ? 'it matches loopback, where the agents\' requests come from: they would be taken for this endpoint\'s'
        : matches.some((m) => /[g-z]/i.test(m.replace(/\/.*$/, '')))
          ? 'a host name in match is looked up in DNS at load; a callcheck run contacts nothing outside this machine'
          : undefined;
    if (why) edits.push({ kind: 'comment-out', section: identify, what: `identify by address ${matches.join(', ')}`, why });
  }
  if (input.agentEndpoints === 'existing') return { edits };
  const transport = wsTransport ?? 'callcheck-transport-ws';
  const lines = [
    '; Added by callcheck for one run: its agents, WebRTC endpoints in the context the scenario names.',
    ...(wsTransport === undefined ? ['[callcheck-transport-ws]', 'type = transport', 'protocol = ws', 'bind = 127.0.0.1', ''] : []),
    renderPjsipEndpoints(input.agents, { context: input.agentContext, transport }, true),
  ];
  edits.push({ kind: 'replace-file', file: AGENTS_FILE, text: lines.join('\n'), what: `${input.agents.length} agent endpoint(s) in context ${input.agentContext} (transport ${transport})`, why: 'the agents register and call as the operators\' phones do' });
  edits.push({ kind: 'append', file: 'pjsip.conf', lines: ['', `#include ${AGENTS_FILE}`], what: `#include ${AGENTS_FILE}`, why: 'the agents\' endpoints' });
  return { edits };
}

/**
 * The operators' own accounts the agents register with: each an endpoint of the configuration, in the
 * agents' context, that a browser can call from (`webrtc = yes`, or a ws/wss transport).
 */
function checkAccounts(input: AdaptConfigInput, sections: readonly ConfSection[]): void {
  const endpoints = typed(sections, 'endpoint');
  for (const agent of input.agents) {
    const endpoint = endpoints.find((e) => e.name === agent.username);
    const at = endpoint ? `endpoint [${endpoint.name}] (${endpoint.file} line ${endpoint.line})` : '';
    if (endpoint === undefined) throw notUsable(`asterisk.agents: ${agent.username} is not a type=endpoint section of pjsip.conf or the files it includes`, 'name the operators\' endpoints as pjsip.conf has them, or leave asterisk.agents out to have callcheck add its own');
    const context = settingOf(endpoint, 'context', sections);
    if (context !== input.agentContext) throw notUsable(`asterisk.agents: ${at} is in context ${context ?? '(none)'}, not asterisk.agentContext ${input.agentContext}`, 'set asterisk.agentContext to the context the operators\' phones are in');
    const transport = settingOf(endpoint, 'transport', sections);
    const transportSection = typed(sections, 'transport').find((t) => t.name === transport);
    const overWebSocket = /^wss?$/i.test((transportSection && settingOf(transportSection, 'protocol', sections)) ?? '');
    if (!/^(?:yes|true|1|on)$/i.test(settingOf(endpoint, 'webrtc', sections) ?? 'no') && !overWebSocket) {
      throw notUsable(`asterisk.agents: ${at} is not a WebRTC endpoint (no webrtc = yes, transport ${transport ?? 'not set'})`, 'the agents are browsers: give the operators\' softphone accounts (webrtc = yes), or leave asterisk.agents out');
    }
  }
}

function cdrEdits(input: AdaptConfigInput): { edits: ConfEdit[]; connection: string } {
  const adaptive = sectionsOf(input.files, 'cdr_adaptive_odbc.conf').filter((s) => s.settings.some((x) => x.key === 'connection'));
  const first = adaptive[0];
  if (first === undefined) {
    throw notUsable('the configuration writes no CDRs through cdr_adaptive_odbc (no section with a connection in cdr_adaptive_odbc.conf)', 'callcheck reads the CDR table cdr_adaptive_odbc writes: add cdr_adaptive_odbc.conf with connection, table and alias start => calldate');
  }
  const connection = settingOf(first, 'connection', []) as string;
  const table = settingOf(first, 'table', []) ?? 'cdr';
  if (table !== input.table) {
    throw notUsable(`cdr_adaptive_odbc.conf [${first.name}] (${first.file} line ${first.line}) writes table ${table}, but the scenario's cdr.table is ${input.table}`, `set cdr.table: '${table}' in the scenario`);
  }
  const edits: ConfEdit[] = [];
  if (!first.settings.some((s) => s.key === 'alias start')) {
    edits.push({ kind: 'set', section: first, key: 'alias start', value: 'calldate', why: 'the table\'s calldate is the CDR\'s start; without the alias it stays empty' });
  }
  const why = 'the CDRs go to callcheck\'s database for this run (a DSN in /etc/odbc.ini, TLS with the run\'s CA)';
  const odbc = filesOf(input.files, 'res_odbc.conf').length > 0 ? sectionsOf(input.files, 'res_odbc.conf').filter((s) => s.name === connection) : [];
  const target = odbc[0];
  if (target === undefined) {
    edits.push({ kind: 'append', file: 'res_odbc.conf', lines: ['', `[${connection}]`, 'enabled = yes', `dsn = ${CDR_DSN}`, `username = ${input.db.user}`, `password = ${input.db.password}`, 'pre-connect = yes'], what: `connection [${connection}] to callcheck's database`, why });
  } else {
    edits.push(
      { kind: 'set', section: target, key: 'enabled', value: 'yes', why },
      { kind: 'set', section: target, key: 'dsn', value: CDR_DSN, why },
      { kind: 'set', section: target, key: 'username', value: input.db.user, why },
      { kind: 'set', section: target, key: 'password', value: input.db.password, shown: '***', why },
      { kind: 'set', section: target, key: 'pre-connect', value: 'yes', why: 'the run starts its calls once the connection is up' },
    );
  }
  return { edits, connection };
}
