import { describe, expect, it } from 'vitest';
import type { HeaderMapping } from '../../contracts/header-map.ts';
import { checkCdrColumns, missingColumnsHint, missingColumnsMessage, neededCdrColumns, type TableColumn } from './cdr-columns-check.ts';
import { STANDARD_CDR_COLUMNS } from '../../contracts/cdr-row.ts';
import { VERIFIED_STANDARD_COLUMNS } from '../verify/verify-cdr.ts';

const CRM: HeaderMapping = { header: 'X-CRM-Id', column: 'crm_id', length: 64 };
const CAMPAIGN: HeaderMapping = { header: 'X-Campaign', column: 'campaign', length: 32 };
const NAME = { database: 'asteriskcdrdb', table: 'cdr' };

const varchar = (name: string, length: number): TableColumn => ({ name, dataType: 'varchar', columnType: `varchar(${length})`, maxLength: length });
const int = (name: string): TableColumn => ({ name, dataType: 'int', columnType: 'int(11)', maxLength: null });

/** Asterisk's standard table as callcheck creates it, plus these columns. */
function table(...extra: TableColumn[]): TableColumn[] {
  const standard = Object.keys(STANDARD_CDR_COLUMNS).map((name) => (['duration', 'billsec', 'amaflags', 'sequence'].includes(name) ? int(name) : varchar(name, 80)));
  return [...standard, ...extra];
}

const check = (columns: TableColumn[], options: { checkContext?: boolean } = {}) =>
  checkCdrColumns(NAME, columns, [CRM, CAMPAIGN], { checkContext: options.checkContext ?? true, key: CRM });

describe('neededCdrColumns', () => {
  it('needs calldate, every standard column the verifier compares, and every mapped column', () => {
    const needed = neededCdrColumns([CRM, CAMPAIGN], { checkContext: true }).map((n) => n.column);
    expect(needed).toEqual(['calldate', ...VERIFIED_STANDARD_COLUMNS, 'crm_id', 'campaign']);
  });

  it('leaves dcontext out when there is no context to compare it with', () => {
    expect(neededCdrColumns([CRM], { checkContext: false }).map((n) => n.column)).not.toContain('dcontext');
  });

  it('proposes the definitions callcheck creates its own table with', () => {
    const byColumn = new Map(neededCdrColumns([CAMPAIGN], { checkContext: true }).map((n) => [n.column, n.definition]));
    expect(byColumn.get('campaign')).toBe('VARCHAR(32) NULL');
    expect(byColumn.get('disposition')).toBe("VARCHAR(45) NOT NULL DEFAULT ''");
  });
});

describe('checkCdrColumns', () => {
  it('finds nothing wrong with a complete table', () => {
    expect(check(table(varchar('crm_id', 64), varchar('campaign', 32)))).toEqual({ missing: [], warnings: [] });
  });

  it('names a missing mapped column with the header it is mapped from', () => {
    const result = check(table(varchar('crm_id', 64)));
    expect(result.missing).toEqual([{ column: 'campaign', why: 'mapped from X-Campaign', definition: 'VARCHAR(32) NULL' }]);
  });

  it('names a missing standard column the verifier needs, and dcontext only when a context is checked', () => {
    const without = table(varchar('crm_id', 64), varchar('campaign', 32)).filter((c) => c.name !== 'dcontext' && c.name !== 'billsec');
    expect(check(without).missing.map((m) => m.column)).toEqual(['dcontext', 'billsec']);
    expect(check(without, { checkContext: false }).missing.map((m) => m.column)).toEqual(['billsec']);
  });

  it('needs no column the verifier does not read (clid, lastapp, id...)', () => {
    const lean = table(varchar('crm_id', 64), varchar('campaign', 32)).filter((c) => ['calldate', ...VERIFIED_STANDARD_COLUMNS, 'crm_id', 'campaign'].includes(c.name));
    expect(check(lean).missing).toEqual([]);
  });

  it('compares names exactly: CRM_ID is not crm_id', () => {
    expect(check(table(varchar('CRM_ID', 64), varchar('campaign', 32))).missing.map((m) => m.column)).toEqual(['crm_id']);
  });

  it('warns of a mapped column shorter than the header map says, saying what truncation does to the key', () => {
    const { missing, warnings } = check(table(varchar('crm_id', 40), varchar('campaign', 20)));
    expect(missing).toEqual([]);
    expect(warnings).toEqual([
      'CDR column asteriskcdrdb.cdr.crm_id is varchar(40), shorter than the 64 characters the header map gives X-CRM-Id: cdr_adaptive_odbc truncates longer values silently, and the call whose key is cut short is reported missing and its row unknown',
      'CDR column asteriskcdrdb.cdr.campaign is varchar(20), shorter than the 32 characters the header map gives X-Campaign: cdr_adaptive_odbc truncates longer values silently, and a value cut short is reported as mismatched',
    ]);
  });

  it('takes a longer column or a TEXT column without a word, and warns of a numeric one', () => {
    const text: TableColumn = { name: 'crm_id', dataType: 'text', columnType: 'text', maxLength: 65535 };
    expect(check(table(text, varchar('campaign', 255))).warnings).toEqual([]);
    const [warning] = check(table(varchar('crm_id', 64), int('campaign'))).warnings;
    expect(warning).toMatch(/^CDR column asteriskcdrdb\.cdr\.campaign is int\(11\), not a text type/);
  });
});

describe('missingColumnsMessage', () => {
  it('names one missing column, why, the ALTER TABLE that adds it and the reload', () => {
    const columns = table(varchar('campaign', 32));
    const { missing } = check(columns);
    expect(missingColumnsMessage(NAME, missing, columns)).toBe(
      "CDR table asteriskcdrdb.cdr has no column crm_id (mapped from X-CRM-Id); add it: ALTER TABLE `cdr` ADD COLUMN `crm_id` VARCHAR(64) NULL, then reload cdr_adaptive_odbc (asterisk -rx 'module reload cdr_adaptive_odbc.so')",
    );
  });

  it('names several in one ALTER TABLE, and a column that differs only in case', () => {
    const columns = table(varchar('CRM_ID', 64)).filter((c) => c.name !== 'disposition');
    const { missing } = check(columns);
    const message = missingColumnsMessage(NAME, missing, columns);
    expect(message).toContain("has no columns disposition (the verifier checks it follows the call's outcome), crm_id (mapped from X-CRM-Id; the table has CRM_ID, which differs in case), campaign (mapped from X-Campaign); add them: ");
    expect(message).toContain("ALTER TABLE `cdr` ADD COLUMN `disposition` VARCHAR(45) NOT NULL DEFAULT '', ADD COLUMN `crm_id` VARCHAR(64) NULL, ADD COLUMN `campaign` VARCHAR(32) NULL, then reload");
  });

  it('hints at the table\'s own columns, where a misspelt header-map column shows', () => {
    expect(missingColumnsHint(table(varchar('crmid', 64)))).toBe('if the table holds these values under other names already, map the headers to those columns instead (its non-standard columns: crmid)');
    expect(missingColumnsHint(table())).toBe('if the table holds these values under other names already, map the headers to those columns instead (it has no non-standard column)');
  });
});
