import { describe, expect, it } from 'vitest';
import type { AsteriskTrace, DialplanStep } from '../../contracts/asterisk-trace.ts';
import { explainKeyLost } from './explain-key-lost.ts';

const CHANNEL = 'PJSIP/agent001-00000001';
const step = (context: string, exten: string, priority: number, app: string, args: string): DialplanStep => ({ context, exten, priority, app, args });
// The example's outbound route: from-internal includes outrt-1, whose _00. captures and dials.
const dialplan = (captureAt: number, dialAt: number, capture = 'CDR(crm_id)=${PJSIP_HEADER(read,X-CRM-Id)}') => [
  { context: 'outrt-1', exten: '_00.', priority: 1, app: 'NoOp', data: 'out', file: 'extensions_additional.conf', line: 10 },
  { context: 'outrt-1', exten: '_00.', priority: captureAt, app: 'Set', data: capture, file: 'extensions_additional.conf', line: 10 + captureAt - 1 },
  { context: 'outrt-1', exten: '_00.', priority: dialAt, app: 'Dial', data: 'PJSIP/${EXTEN:2}@carrier-trunk', file: 'extensions_additional.conf', line: 10 + dialAt - 1 },
];
const trace = (steps: DialplanStep[], priorities: AsteriskTrace['dialplan'], warnings: string[] = []): AsteriskTrace => ({
  dialplan: priorities,
  includes: { 'from-internal': ['outrt-1'] },
  channels: [{ channel: CHANNEL, steps, warnings }],
});
const explain = (t: AsteriskTrace, sent = 'CRM-1') => explainKeyLost({ column: 'crm_id', header: 'X-CRM-Id', sent, channel: CHANNEL, trace: t });

describe('explainKeyLost', () => {
  it('says the expression gave nothing, with Asterisk\'s warning, when the capture ran empty (SIP_HEADER on Asterisk 22)', () => {
    const steps = [step('from-internal', '00200000000', 1, 'NoOp', 'out'), step('from-internal', '00200000000', 2, 'Set', 'CDR(crm_id)='), step('from-internal', '00200000000', 3, 'Dial', 'PJSIP/200000000@carrier-trunk')];
    const text = explain(trace(steps, dialplan(2, 3, 'CDR(crm_id)=${SIP_HEADER(X-CRM-Id)}'), ['ERROR: Function SIP_HEADER not registered']));
    expect(text).toContain('CDR(crm_id) was set at from-internal,00200000000,2 to "": the expression that reads X-CRM-Id gave nothing');
    expect(text).toContain('Asterisk logged for the call: ERROR: Function SIP_HEADER not registered');
    expect(text).toContain("the value sent appears in no step's arguments");
  });

  it('names the priority after the Dial the call never got past (the capture moved after the Dial)', () => {
    const steps = [step('from-internal', '00200000000', 1, 'NoOp', 'out'), step('from-internal', '00200000000', 2, 'Dial', 'PJSIP/200000000@carrier-trunk'), step('from-internal', 'h', 1, 'Hangup', '')];
    expect(explain(trace(steps, dialplan(3, 2)))).toContain('no step set CDR(crm_id): the dialplan sets it at outrt-1,_00.,3 (extensions_additional.conf line 12), after the call\'s last step (2 Dial), which it never got past');
  });

  it('says the capture line is missing when no priority the call could reach sets the column', () => {
    const steps = [step('from-internal', '00200000000', 1, 'NoOp', 'out'), step('from-internal', '00200000000', 2, 'Dial', 'PJSIP/200000000@carrier-trunk')];
    const text = explain(trace(steps, dialplan(3, 2, 'CDR(other)=x')));
    expect(text).toContain('no step set CDR(crm_id), and no priority of the extensions it ran (in from-internal, outrt-1) sets it: the capture line is missing');
  });

  it('says when the value sent reached the dialplan, and gives nothing for a channel the log does not have', () => {
    const steps = [step('from-internal', '00200000000', 1, 'Set', 'X=CRM-1')];
    expect(explain(trace(steps, dialplan(3, 2)))).toContain('the value sent reached the dialplan (in the arguments of from-internal,00200000000,1 Set)');
    expect(explainKeyLost({ column: 'crm_id', header: 'X-CRM-Id', sent: 'CRM-1', channel: 'PJSIP/other', trace: trace(steps, []) })).toBeUndefined();
  });
});
