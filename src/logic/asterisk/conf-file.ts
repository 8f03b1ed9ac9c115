/**
 * Asterisk's configuration file syntax, as far as callcheck reads and edits a call center's own files:
 * `[section](template,...)` headers, `key = value` and `key => value` settings, `;` comments (`\;` is a
 * literal semicolon) and `#include` / `#tryinclude` directives. Every line keeps its number in the
 * user's file, so what Asterisk later says about a line of the edited copy can be traced back to it.
 */

/** A configuration folder: file name (relative to the folder, e.g. `pjsip.conf`) to its text. */
export type ConfFiles = ReadonlyMap<string, string>;

export interface ConfSetting {
  key: string;
  value: string;
  /** 1-based line in its file. */
  line: number;
}

export interface ConfSection {
  file: string;
  /** 1-based line of the `[name]` header. */
  line: number;
  /** Last line that belongs to the section (before the next header or the end of the file). */
  lastLine: number;
  name: string;
  /** Sections it inherits from: `[name](tmpl1,tmpl2)`. */
  templates: string[];
  /** `[name](!)`: a template only, never an object of its own. */
  isTemplate: boolean;
  settings: ConfSetting[];
}

export interface ConfInclude {
  file: string;
  line: number;
  /** The included file's name as written (an absolute path or relative to the folder; may hold `*`). */
  target: string;
}

const HEADER = /^\[([^\]]+)\]\s*(?:\(([^)]*)\))?\s*$/;
const SETTING = /^([^=]+?)\s*=>?\s*(.*)$/;
const INCLUDE = /^#\s*(?:try)?include\s+"?([^"]+?)"?\s*$/;

/** The line without its comment: everything from the first `;` not escaped as `\;`. */
export function stripComment(line: string): string {
  const at = line.search(/(?<!\\);/);
  return (at < 0 ? line : line.slice(0, at)).trim();
}

/** The sections and includes of one file, in order. */
export function parseConf(file: string, text: string): { sections: ConfSection[]; includes: ConfInclude[] } {
  const sections: ConfSection[] = [];
  const includes: ConfInclude[] = [];
  const lines = text.split('\n');
  let current: ConfSection | undefined;
  lines.forEach((raw, i) => {
    const line = i + 1;
    const include = INCLUDE.exec(raw.trim());
    if (include) {
      includes.push({ file, line, target: include[1] as string });
      return;
    }
    const content = stripComment(raw);
    if (content === '') return;
    const header = HEADER.exec(content);
    if (header) {
      if (current) current.lastLine = line - 1;
      const options = (header[2] ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '');
      current = { file, line, lastLine: lines.length, name: (header[1] as string).trim(), templates: options.filter((t) => t !== '!' && t !== '+'), isTemplate: options.includes('!'), settings: [] };
      sections.push(current);
      return;
    }
    const setting = SETTING.exec(content);
    if (setting && current) current.settings.push({ key: (setting[1] as string).trim().toLowerCase(), value: (setting[2] as string).trim(), line });
  });
  return { sections, includes };
}

/** The folder's name for an included file: absolute paths under Asterisk's config folder lose it. */
function includedNames(files: ConfFiles, target: string): string[] {
  const name = target.replace(/^\/etc\/asterisk\//, '');
  if (!name.includes('*')) return files.has(name) ? [name] : [];
  const pattern = new RegExp(`^${name.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
  return [...files.keys()].filter((n) => pattern.test(n)).sort();
}

/**
 * The sections Asterisk reads for `root` (e.g. `pjsip.conf`): its own and those of the files it includes,
 * in the order Asterisk reads them. Includes of files not in the folder are skipped, as `#tryinclude` does.
 */
export function sectionsOf(files: ConfFiles, root: string, seen = new Set<string>()): ConfSection[] {
  const text = files.get(root);
  if (text === undefined || seen.has(root)) return [];
  seen.add(root);
  const { sections, includes } = parseConf(root, text);
  const out: ConfSection[] = [];
  const pending = [...includes];
  for (const section of sections) {
    while (pending.length > 0 && (pending[0] as ConfInclude).line < section.line) out.push(...includedSections(files, pending.shift() as ConfInclude, seen));
    out.push(section);
  }
  for (const include of pending) out.push(...includedSections(files, include, seen));
  return out;
}

function includedSections(files: ConfFiles, include: ConfInclude, seen: Set<string>): ConfSection[] {
  return includedNames(files, include.target).flatMap((name) => sectionsOf(files, name, seen));
}

/** The files `root` reads, itself first, then what it includes (recursively). */
export function filesOf(files: ConfFiles, root: string, seen = new Set<string>()): string[] {
  const text = files.get(root);
  if (text === undefined || seen.has(root)) return [];
  seen.add(root);
  return [root, ...parseConf(root, text).includes.flatMap((inc) => includedNames(files, inc.target).flatMap((name) => filesOf(files, name, seen)))];
}

/** A setting's value in a section, else in the templates it inherits from (the nearest first). */
export function settingOf(section: ConfSection, key: string, all: readonly ConfSection[], depth = 0): string | undefined {
  const own = section.settings.filter((s) => s.key === key).at(-1);
  if (own !== undefined || depth > 10) return own?.value;
  for (const name of [...section.templates].reverse()) {
    const template = all.find((s) => s.name === name && s.isTemplate) ?? all.find((s) => s.name === name);
    const inherited = template && template !== section ? settingOf(template, key, all, depth + 1) : undefined;
    if (inherited !== undefined) return inherited;
  }
  return undefined;
}
