import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ASTERISK_IMAGE_DIR } from './stack.ts';
import { renderAsteriskConfig, type AsteriskConfigInput } from './asterisk-config.ts';

const input: AsteriskConfigInput = {
  templateDir: join(ASTERISK_IMAGE_DIR, 'config'),
  httpPort: 8088,
  sipUdpPort: 5060,
  rtpPorts: { start: 20000, end: 20399 },
  agents: [{ username: 'agent001', password: 'pw-agent' }],
  sipp: { username: 'sipp', password: 'pw-sipp' },
  mappings: [{ header: 'X-CRM-Id', column: 'crm_id', length: 64 }],
  ringTimeMs: 100,
  maxCallS: 60,
  policy: { recordUnanswered: true, recordCongestion: true },
  table: 'cdr',
  db: { host: '127.0.0.1', port: 33061, user: 'callcheck', password: 'pw-db', database: 'asteriskcdrdb', tls: { ca: '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n' } },
};

describe("Asterisk's configuration for a run", () => {
  it('has the ODBC driver reach the CDR database over TLS only, checking its certificate against the run\'s CA', async () => {
    const files = await renderAsteriskConfig(input);
    const odbc = files.find((f) => f.target === '/etc/odbc.ini')?.content ?? '';
    expect(odbc).toMatch(/^FORCETLS = 1$/m);
    expect(odbc).toMatch(/^SSLVERIFY = 1$/m);
    expect(odbc).toMatch(/^SSLCA = \/etc\/asterisk\/cdr-database-ca\.pem$/m);
    expect(files.find((f) => f.target === '/etc/asterisk/cdr-database-ca.pem')?.content).toBe(input.db.tls?.ca);
  });

  it('refuses a database connection without a CA: there is no plain way in', async () => {
    const { tls: _tls, ...plain } = input.db;
    await expect(renderAsteriskConfig({ ...input, db: plain })).rejects.toThrow(/over TLS only/);
  });
});
