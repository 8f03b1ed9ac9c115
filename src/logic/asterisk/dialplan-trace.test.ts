import { describe, expect, it } from 'vitest';
import { describeSteps, traceDialplan } from './dialplan-trace.ts';

// Asterisk 22.10's full log of one call on a configuration that reads the header with chan_sip's SIP_HEADER.
const SIP_HEADER_LOG = `[2026-12-03 21:29:15.231] VERBOSE[151][C-00000002] pbx.c: Executing [00200000000@from-internal:1] Gosub("PJSIP/agent001-00000001", "sub-user-callerid,s,1(LIMIT,EXTERNAL)") in new stack
[2026-12-03 21:29:15.233] VERBOSE[151][C-00000002] pbx.c: Executing [s@sub-user-callerid:1] Set("PJSIP/agent001-00000001", "CALLERID(name)=agent001") in new stack
[2026-12-03 21:29:15.236] VERBOSE[151][C-00000002] pbx.c: Executing [s@sub-user-callerid:2] Set("PJSIP/agent001-00000001", "CHANNEL(language)=en") in new stack
[2026-12-03 21:29:15.236] VERBOSE[151][C-00000002] pbx.c: Executing [s@sub-user-callerid:3] Return("PJSIP/agent001-00000001", "") in new stack
[2026-12-03 21:29:15.236] VERBOSE[151][C-00000002] pbx.c: Executing [00200000000@from-internal:2] Set("PJSIP/agent001-00000001", "MOHCLASS=default") in new stack
[2026-12-03 21:29:15.236] ERROR[151][C-00000002] pbx_functions.c: Function SIP_HEADER not registered
[2026-12-03 21:29:15.236] VERBOSE[151][C-00000002] pbx.c: Executing [00200000000@from-internal:3] Set("PJSIP/agent001-00000001", "CDR(crm_id)=") in new stack
[2026-12-03 21:29:15.236] ERROR[151][C-00000002] pbx_functions.c: Function SIP_HEADER not registered
[2026-12-03 21:29:15.236] VERBOSE[151][C-00000002] pbx.c: Executing [00200000000@from-internal:4] Set("PJSIP/agent001-00000001", "CDR(agent_id)=") in new stack
[2026-12-03 21:29:15.236] VERBOSE[151][C-00000002] pbx.c: Executing [00200000000@from-internal:5] Set("PJSIP/agent001-00000001", "_NODEST=") in new stack
[2026-12-03 21:29:15.236] VERBOSE[151][C-00000002] pbx.c: Executing [00200000000@from-internal:6] Dial("PJSIP/agent001-00000001", "PJSIP/200000000@carrier-trunk,60,T") in new stack
[2026-12-03 21:29:17.016] VERBOSE[151][C-00000002] pbx.c: Executing [h@from-internal:1] Hangup("PJSIP/agent001-00000001", "") in new stack
[2026-12-03 21:29:15.300] VERBOSE[160][C-00000003] pbx.c: Executing [00200000001@from-internal:1] Gosub("PJSIP/agent002-00000004", "sub-user-callerid,s,1(LIMIT,EXTERNAL)") in new stack`;

describe('traceDialplan', () => {
  const traces = traceDialplan(SIP_HEADER_LOG);

  it('gives each channel its steps, with context, extension, priority and the arguments as evaluated', () => {
    expect([...traces.keys()]).toEqual(['PJSIP/agent001-00000001', 'PJSIP/agent002-00000004']);
    const steps = traces.get('PJSIP/agent001-00000001')?.steps ?? [];
    expect(steps.map((s) => `${s.context},${s.exten},${s.priority} ${s.app}`)).toEqual([
      'from-internal,00200000000,1 Gosub',
      'sub-user-callerid,s,1 Set',
      'sub-user-callerid,s,2 Set',
      'sub-user-callerid,s,3 Return',
      'from-internal,00200000000,2 Set',
      'from-internal,00200000000,3 Set',
      'from-internal,00200000000,4 Set',
      'from-internal,00200000000,5 Set',
      'from-internal,00200000000,6 Dial',
      'from-internal,h,1 Hangup',
    ]);
    expect(steps[5]?.args).toBe('CDR(crm_id)=');
    expect(steps[8]?.args).toBe('PJSIP/200000000@carrier-trunk,60,T');
  });

  it('gives a channel the warnings logged under its call id, and none of another call\'s', () => {
    expect(traces.get('PJSIP/agent001-00000001')?.warnings).toEqual(['ERROR: Function SIP_HEADER not registered', 'ERROR: Function SIP_HEADER not registered']);
    expect(traces.get('PJSIP/agent002-00000004')?.warnings).toEqual([]);
  });

  it('writes the steps on one line, naming each context and extension once', () => {
    const steps = traces.get('PJSIP/agent001-00000001')?.steps ?? [];
    expect(describeSteps(steps.slice(3, 6))).toBe('sub-user-callerid,s 3 Return() → from-internal,00200000000 2 Set(MOHCLASS=default) → 3 Set(CDR(crm_id)=)');
    expect(describeSteps(steps, 2)).toMatch(/→ … \(8 more\)$/);
    expect(describeSteps([])).toBe('no dialplan step in the log');
  });
});
