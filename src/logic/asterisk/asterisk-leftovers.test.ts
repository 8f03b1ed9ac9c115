import { describe, expect, it } from 'vitest';
import { leftoversText, noLeftovers, parseChannelCount, parseContacts } from './asterisk-leftovers.ts';

// Outputs as Asterisk 22.10 prints them.
const CHANNELS = '2 active channels\n1 active call\n14 calls processed\n';
const NO_CONTACTS = 'No objects found.\n\n';
const CONTACTS = `
  Contact:  <Aor/ContactUri..............................> <Hash....> <Status> <RTT(ms)..>
==========================================================================================

  Contact:  agent001/sip:k2m1x3@127.0.0.1:41234;transport=ws   4d1c0e8a21 NonQual       nan
  Contact:  agent002/sip:0q9z7w@127.0.0.1:41236;transport=ws   9a0b1c2d3e NonQual       nan

Objects found: 2
`;

describe('parseChannelCount', () => {
  it('reads the active channels', () => {
    expect(parseChannelCount(CHANNELS)).toBe(2);
    expect(parseChannelCount('0 active channels\n0 active calls\n0 calls processed\n')).toBe(0);
    expect(parseChannelCount('1 active channel\n1 active call\n')).toBe(1);
  });

  it('never reads an output it does not know as zero', () => {
    expect(parseChannelCount('No such command')).toBeUndefined();
  });
});

describe('parseContacts', () => {
  it('lists every contact left, none when there are no objects', () => {
    expect(parseContacts(CONTACTS)).toEqual(['agent001/sip:k2m1x3@127.0.0.1:41234;transport=ws', 'agent002/sip:0q9z7w@127.0.0.1:41236;transport=ws']);
    expect(parseContacts(NO_CONTACTS)).toEqual([]);
  });

  it('never reads an output it does not know as none', () => {
    expect(parseContacts('No such command')).toBeUndefined();
  });
});

describe('noLeftovers and leftoversText', () => {
  it('tells an empty Asterisk from one with a channel or a contact left, and names what is left', () => {
    expect(noLeftovers({ channels: 0, contacts: [] })).toBe(true);
    expect(noLeftovers({ channels: 1, contacts: [] })).toBe(false);
    expect(noLeftovers({ channels: 0, contacts: ['agent001/sip:x@127.0.0.1:1;transport=ws'] })).toBe(false);
    expect(leftoversText({ channels: 1, contacts: ['agent001/sip:x@127.0.0.1:1;transport=ws'] })).toBe(
      'Asterisk still had 1 channel(s) up and 1 contact(s) registered after the agents stopped (agent001/sip:x@127.0.0.1:1;transport=ws); a channel still up has written no CDR row, so its call is not matched',
    );
  });
});
