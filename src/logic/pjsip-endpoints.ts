import type { AgentCredentials } from './credentials.ts';
import { AGENT_CONTEXT } from './dialplan.ts';

/** The endpoint template in asterisk-image/config/pjsip.conf that every agent's endpoint inherits. */
export const ENDPOINT_TEMPLATE = 'callcheck-webrtc';

/**
 * PJSIP sections for the agents: one WebRTC endpoint with digest auth per agent. The template carries
 * what browsers need (`webrtc = yes`: ICE, DTLS-SRTP with an auto-generated certificate, AVPF, rtcp-mux).
 */
export function renderPjsipEndpoints(agents: readonly AgentCredentials[]): string {
  return agents
    .map(
      (a) => `[${a.username}]
type = aor
max_contacts = 1
remove_existing = yes

[${a.username}]
type = auth
auth_type = digest
username = ${a.username}
password = ${a.password}

[${a.username}](${ENDPOINT_TEMPLATE})
type = endpoint
transport = transport-ws
context = ${AGENT_CONTEXT}
; Caller ID from the PBX's own config, as call centers do, not from what the client claims.
callerid = "${a.username}" <${a.username}>
auth = ${a.username}
aors = ${a.username}
`,
    )
    .join('\n');
}
