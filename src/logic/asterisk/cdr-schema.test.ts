import { describe, expect, it } from 'vitest';
import { STANDARD_CDR_COLUMNS } from '../../contracts/cdr-row.ts';
import type { HeaderMapping } from '../../contracts/header-map.ts';
import { renderCdrSchema } from './cdr-schema.ts';

const CRM: HeaderMapping = { header: 'X-CRM-Id', column: 'crm_id', length: 32 };
const CAMPAIGN: HeaderMapping = { header: 'X-Campaign', column: 'campaign', length: 200 };
const sql = renderCdrSchema('cdr_calls', [CRM, CAMPAIGN], CAMPAIGN);
const lines = sql.split('\n');

/** Column name → type text of every column definition. */
function columns(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const match of text.matchAll(/^ {2}`(\w+)` (.+),$/gm)) out.set(match[1] as string, match[2] as string);
  return out;
}

describe('renderCdrSchema', () => {
  it('creates the named table, utf8mb4 with binary collation', () => {
    expect(lines[0]).toBe('CREATE TABLE `cdr_calls` (');
    expect(sql).toContain(') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;');
  });

  it('has every standard CDR column', () => {
    const cols = columns(sql);
    for (const c of Object.keys(STANDARD_CDR_COLUMNS)) expect(cols.has(c), c).toBe(true);
    expect(cols.get('calldate')).toBe('DATETIME(6) NOT NULL');
    expect(cols.get('billsec')).toBe('INT NOT NULL DEFAULT 0');
    expect(cols.get('disposition')).toBe("VARCHAR(45) NOT NULL DEFAULT ''");
  });

  it('adds a nullable VARCHAR of the mapped length per mapping, after the standard columns', () => {
    const cols = columns(sql);
    expect(cols.get('crm_id')).toBe('VARCHAR(32) NULL');
    expect(cols.get('campaign')).toBe('VARCHAR(200) NULL');
    expect([...cols.keys()].slice(-2)).toEqual(['crm_id', 'campaign']);
  });

  it('indexes the key column, and only that mapped column', () => {
    expect(sql).toContain('  KEY `campaign` (`campaign`)');
    expect(sql).not.toContain('KEY `crm_id`');
    expect(renderCdrSchema('cdr', [CRM, CAMPAIGN], CRM)).toContain('  KEY `crm_id` (`crm_id`)');
  });
});
