import { describe, expect, it } from 'vitest';
import { makeResults } from '../../../../tests/support/report-fixtures.ts';
import { environmentSection } from './overview-section.ts';

describe('the System under test section of an external PBX run', () => {
  const base = makeResults();
  const { context: _checked, ...unchecked } = base.verification;
  const results = {
    ...base,
    stack: {
      ...base.stack,
      asteriskVersion: 'Asterisk PBX 22.10.1',
      cdrImage: 'external',
      external: { wsUrl: 'wss://pbx.example.com:8089/ws', sipDomain: 'pbx.example.com', cdrUrl: 'mysql://cdr:***@db.example.com:3306/asteriskcdrdb', warnings: ['CDR column asteriskcdrdb.cdr.crm_id is varchar(32), shorter than <64>'] },
    },
    verification: unchecked,
  };
  const text = String(environmentSection(results));

  it('names the PBX by its WebSocket URL and the database by its URL with the password hidden', () => {
    expect(text).toContain('Asterisk PBX 22.10.1 <span class="muted">(your own PBX at <code>wss://pbx.example.com:8089/ws</code>, SIP domain <code>pbx.example.com</code>)');
    expect(text).toContain('at <code>mysql://cdr:***@db.example.com:3306/asteriskcdrdb</code>');
    expect(text).not.toContain('(image <code>external</code>)');
  });

  it('says dcontext was not checked, and shows the preflight warnings escaped', () => {
    expect(text).toContain("not checked: the scenario's pbx.context is not given");
    expect(text).toContain('shorter than &lt;64&gt;');
  });

  it('shows neither for a run on callcheck\'s own stack', () => {
    const own = String(environmentSection(base));
    expect(own).not.toContain('not checked');
    expect(own).not.toContain('your own PBX');
    expect(own).toContain('(image <code>');
  });
});
