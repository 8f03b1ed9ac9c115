import type { AgentCredentials } from '../../contracts/pbx.ts';
import { AGENT_CONTEXT } from './dialplan.ts';

/** SIP user and endpoint name of the benchmark's SIPp caller. */
export const SIPP_USERNAME = 'sipp';

/** Dialplan context of SIPp's calls, written in asterisk-image/config/extensions.conf: answer and echo. */
export const SIPP_CONTEXT = 'callcheck-sipp';

/** The endpoint template in asterisk-image/config/pjsip.conf that every agent's endpoint inherits. */
export const ENDPOINT_TEMPLATE = 'callcheck-webrtc';

/**
 * PJSIP sections for the agents: one WebRTC endpoint with digest auth per agent. The template carries
 * what browsers need (`webrtc = yes`: ICE, DTLS-SRTP with an auto-generated certificate, AVPF, rtcp-mux).
 *
 * Two contacts per AOR: while a page is recycled, the agent is registered from the old page and from its
 * replacement. With one, the replacement's REGISTERs removed the old page's contacts as they arrived, and
 * when the replacement then failed (a benchmark run: 46 of 50 agents registered, then it unregistered
 * them) the agents were left with no contact at all while the old page went on serving them.
 * remove_existing drops the oldest contact should a third come (a page that died without unregistering).
 */
export const AGENT_MAX_CONTACTS = 2;

/**
 * The endpoint template every agent's endpoint inherits. webrtc=yes turns on ICE, AVPF, DTLS-SRTP
 * (fingerprint verify), rtcp-mux and bundle; the DTLS certificate is generated in memory at start. RTP
 * sockets are bound to 127.0.0.1 (the ICE candidate: see rtp.conf).
 */
export function renderWebrtcTemplate(): string {
  return `[${ENDPOINT_TEMPLATE}](!)
type = endpoint
webrtc = yes
dtls_auto_generate_cert = yes
disallow = all
allow = opus,ulaw
media_address = 127.0.0.1
bind_rtp_to_media_address = yes
`;
}

/** Where the agents' endpoints go: the context their calls enter and the WebSocket transport they use. */
export interface AgentEndpointOptions {
  context: string;
  transport: string;
}

/**
 * The agents' endpoints; `withTemplate` puts the template they inherit first (a configuration that does
 * not have it, such as a call center's own).
 */
export function renderPjsipEndpoints(agents: readonly AgentCredentials[], options: AgentEndpointOptions = { context: AGENT_CONTEXT, transport: 'transport-ws' }, withTemplate = false): string {
  const endpoints = agents
    .map(
      (a) => `[${a.username}]
type = aor
max_contacts = ${AGENT_MAX_CONTACTS}
remove_existing = yes

[${a.username}]
type = auth
auth_type = digest
username = ${a.username}
password = ${a.password}

[${a.username}](${ENDPOINT_TEMPLATE})
type = endpoint
transport = ${options.transport}
context = ${options.context}
; Caller ID from the PBX's own config, as call centers do, not from what the client claims.
callerid = "${a.username}" <${a.username}>
auth = ${a.username}
aors = ${a.username}
`,
    )
    .join('\n');
  return withTemplate ? `${renderWebrtcTemplate()}\n${endpoints}` : endpoints;
}

/**
 * PJSIP sections for the benchmark's SIPp caller: one endpoint on the loopback UDP transport with digest
 * auth (fresh credentials every run, like the agents'), identified by its From user, in its own context
 * so its calls never reach the agents' dialplan or the CDR table. Plain RTP, PCMU only, bound to 127.0.0.1.
 * No AOR: SIPp only calls in, it never registers nor is called.
 */
export function renderSippEndpoint(sipp: AgentCredentials): string {
  return `[${sipp.username}]
type = auth
auth_type = digest
username = ${sipp.username}
password = ${sipp.password}

[${sipp.username}]
type = endpoint
transport = transport-udp
context = ${SIPP_CONTEXT}
callerid = "${sipp.username}" <${sipp.username}>
auth = ${sipp.username}
disallow = all
allow = ulaw
direct_media = no
media_address = 127.0.0.1
bind_rtp_to_media_address = yes
`;
}
