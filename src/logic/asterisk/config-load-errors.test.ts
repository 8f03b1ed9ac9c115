import { describe, expect, it } from 'vitest';
import { configLoadErrors, lineNaming } from './config-load-errors.ts';

// Lines Asterisk 22.10 printed while booting broken configurations (console format, then the full log's).
const BOOT = `[2026-12-03 21:17:53.463] WARNING[11]: res_odbc.c:577 load_odbc_config: Unable to load config file res_odbc.conf
[2026-12-03 21:17:53.475] ERROR[11]: config_options.c:710 aco_process_config: Unable to load config file 'cdr.conf'
[2026-12-03 21:17:53.527] ERROR[11]: config_options.c:780 aco_process_var: Could not find option suitable for category 't' named 'bogus_option' at line 5 of 
[2026-12-03 21:17:53.527] ERROR[11]: res_sorcery_config.c:422 sorcery_config_internal_load: Could not create an object of type 'transport' with id 't' from configuration file 'pjsip.conf'
[2026-12-03 21:17:57.542] WARNING[11] config.c: parse error: no closing ']', line 9 of /etc/asterisk/extensions.conf
[2026-12-03 21:17:57.593] ERROR[11] loader.c: pbx_config declined to load.
[2026-12-03 21:17:42.275] ERROR[11]: loader.c:2687 load_modules: *** Failed to load module chan_sip.so - Required
[2026-12-03 21:17:42.275] ERROR[11]: asterisk.c:4123 check_init: Module initialization failed.  ASTERISK EXITING!`;

describe('configLoadErrors', () => {
  it('keeps what means the configuration did not load, with file and line, and leaves out optional files missing', () => {
    expect(configLoadErrors(BOOT)).toEqual([
      { file: 'pjsip.conf', line: 5, message: "Could not find option suitable for category 't' named 'bogus_option': Asterisk could not create transport 't'" },
      { file: 'extensions.conf', line: 9, message: "parse error: no closing ']'" },
      { file: 'extensions.conf', message: 'pbx_config declined to load: the dialplan is not loaded' },
      { file: 'modules.conf', message: 'module chan_sip.so is required but does not load in this Asterisk' },
    ]);
  });

  it('finds nothing in a clean boot', () => {
    expect(configLoadErrors('[2026-12-03 21:17:53.463] NOTICE[11]: loader.c:2568 load_modules: 367 modules will be loaded.\n')).toEqual([]);
  });

  it('finds the line that names a word, skipping comments', () => {
    expect(lineNaming('; require = chan_sip.so\n[modules]\nrequire = chan_sip.so', 'chan_sip.so')).toBe(3);
  });
});
