/**
 * What Asterisk said, while booting a configuration, that means the configuration did not load as written:
 * a syntax error, an object it could not create, a module it requires that does not exist. Missing
 * optional files ("Unable to load config file 'xmpp.conf'") are not among them: a call center's folder
 * holds only the files it uses.
 */
export interface ConfigLoadError {
  /** The file, relative to the configuration folder, where Asterisk names one. */
  file?: string;
  line?: number;
  /** Asterisk's own words, without the timestamp and source location. */
  message: string;
}

// "[2026-12-03 21:17:57.542] WARNING[11]: config.c:2049 process_text_line: parse error: ..." or the full log's "WARNING[11] config.c: ...".
const LOG_LINE = /^\[[^\]]+\]\s+(WARNING|ERROR)\[[^\]]*\](?:\[[^\]]*\])?:?\s+\S+?:(?:\d+\s+\S+:)?\s*(.*)$/;
const LINE_OF = /line (\d+) of (?:\/etc\/asterisk\/)?(\S+?)\s*$/;
const AT_LINE_NO_FILE = /at line (\d+) of\s*$/;
const OBJECT_FAILED = /^Could not create an object of type '([^']+)' with id '([^']+)' from configuration file '([^']+)'/;
const REQUIRED = /^\*\*\* Failed to load module (\S+) - Required/;
const DECLINED = /^(pbx_config) declined to load/;

/** The configuration errors in Asterisk's boot output, in order, each once. */
export function configLoadErrors(log: string): ConfigLoadError[] {
  const errors: ConfigLoadError[] = [];
  const lines = log.split('\n').map((l) => LOG_LINE.exec(l)?.[2]?.trim()).filter((m): m is string => m !== undefined);
  lines.forEach((message, i) => {
    if (/^parse error:/.test(message) || (LINE_OF.test(message) && !AT_LINE_NO_FILE.test(message))) {
      const at = LINE_OF.exec(message);
      errors.push({ ...(at ? { file: at[2] as string, line: Number(at[1]) } : {}), message: message.replace(LINE_OF, '').replace(/[,\s]+$/, '') });
      return;
    }
    const noFile = AT_LINE_NO_FILE.exec(message);
    if (noFile) {
      // The file is named by the next line: "Could not create an object of type ... from configuration file 'pjsip.conf'".
      const object = OBJECT_FAILED.exec(lines[i + 1] ?? '');
      errors.push({ ...(object ? { file: object[3] as string } : {}), line: Number(noFile[1]), message: `${message.replace(AT_LINE_NO_FILE, '').trim()}${object ? `: Asterisk could not create ${object[1]} '${object[2]}'` : ''}` });
      return;
    }
    const object = OBJECT_FAILED.exec(message);
    if (object && !AT_LINE_NO_FILE.test(lines[i - 1] ?? '')) {
      errors.push({ file: object[3] as string, message });
      return;
    }
    const required = REQUIRED.exec(message);
    if (required) {
      errors.push({ file: 'modules.conf', message: `module ${required[1]} is required but does not load in this Asterisk` });
      return;
    }
    if (DECLINED.test(message)) errors.push({ file: 'extensions.conf', message: 'pbx_config declined to load: the dialplan is not loaded' });
  });
  return errors.filter((e, i) => errors.findIndex((o) => o.file === e.file && o.line === e.line && o.message === e.message) === i);
}

/** The line of `file` that names `word` (a module, an option), for errors Asterisk gives without a line. */
export function lineNaming(text: string, word: string): number | undefined {
  const at = text.split('\n').findIndex((l) => !/^\s*;/.test(l) && l.includes(word));
  return at < 0 ? undefined : at + 1;
}
