import { CARRIER_CONTEXT, renderCarrierContext } from './dialplan.ts';

export interface CarrierConfigInput {
  /** SIP port on 127.0.0.1, UDP and TCP: where the call center's trunk now points. */
  sipPort: number;
  rtpPorts: { start: number; end: number };
  ringTimeMs: number;
  maxCallS: number;
  /** callcheck's own asterisk.conf and logger.conf (asterisk-image/config). */
  callcheckFiles: { 'asterisk.conf': string; 'logger.conf': string };
}

/**
 * The simulated carrier: a second Asterisk on loopback behind a call center's trunk, taking every call
 * from 127.0.0.1 without authentication and answering it as the customer its number chooses (answer and
 * echo, busy, no answer, congestion, reject, unknown number). Plain RTP with G.711, as a carrier's trunk
 * carries. It writes no CDR: the rows verified are the call center's. File name → content.
 */
export function renderCarrierConfig(input: CarrierConfigInput): Map<string, string> {
  const modules = [
    'res_pjproject.so', 'res_sorcery_config.so', 'res_sorcery_memory.so', 'res_sorcery_astdb.so', 'res_pjsip.so', 'res_pjsip_session.so',
    'res_pjsip_pubsub.so', 'chan_pjsip.so', 'res_pjsip_endpoint_identifier_ip.so', 'res_pjsip_sdp_rtp.so', 'res_pjsip_caller_id.so',
    'res_rtp_asterisk.so', 'codec_ulaw.so', 'codec_alaw.so', 'res_timing_timerfd.so', 'pbx_config.so', 'app_echo.so', 'func_timeout.so',
  ];
  return new Map([
    ['asterisk.conf', input.callcheckFiles['asterisk.conf']],
    ['logger.conf', input.callcheckFiles['logger.conf']],
    ['modules.conf', ['[modules]', 'autoload = no', ...modules.map((m) => `load = ${m}`), ''].join('\n')],
    [
      'pjsip.conf',
      [
        '[carrier-udp]', 'type = transport', 'protocol = udp', `bind = 127.0.0.1:${input.sipPort}`, '',
        '[carrier-tcp]', 'type = transport', 'protocol = tcp', `bind = 127.0.0.1:${input.sipPort}`, '',
        '; The call center\'s Asterisk, on this machine: identified by its address, never challenged.',
        '[callcheck-pbx]', 'type = endpoint', `context = ${CARRIER_CONTEXT}`, 'disallow = all', 'allow = ulaw,alaw', 'direct_media = no',
        'media_address = 127.0.0.1', 'bind_rtp_to_media_address = yes', 'rtp_symmetric = yes', '',
        '[callcheck-pbx]', 'type = identify', 'endpoint = callcheck-pbx', 'match = 127.0.0.1', '',
      ].join('\n'),
    ],
    ['extensions.conf', ['[general]', 'static = yes', 'writeprotect = yes', '', renderCarrierContext({ ringTimeMs: input.ringTimeMs, maxCallS: input.maxCallS })].join('\n')],
    ['rtp.conf', ['[general]', `rtpstart = ${input.rtpPorts.start}`, `rtpend = ${input.rtpPorts.end}`, ''].join('\n')],
    ['cdr.conf', ['[general]', 'enable = no', ''].join('\n')],
  ]);
}
