import type { ConfigChange } from '../../contracts/config-change.ts';
import type { ConfFiles, ConfSection } from './conf-file.ts';

/**
 * One change callcheck makes to a copy of a call center's configuration, with the reason it gives in the
 * run's results. Lines are addressed by their number in the user's file, so edits never shift each other.
 */
export type ConfEdit =
  | { kind: 'set'; section: ConfSection; key: string; value: string; why: string; shown?: string }
  | { kind: 'remove'; section: ConfSection; key: string; why: string }
  | { kind: 'comment-out'; section: ConfSection; why: string; what: string }
  | { kind: 'append'; file: string; lines: string[]; why: string; what: string }
  | { kind: 'replace-file'; file: string; text: string; why: string; what: string };

/** An edited copy: the files, and for each edited file the user's line number of every line (0: added by callcheck). */
export interface EditedConf {
  files: Map<string, string>;
  origins: Map<string, number[]>;
  changes: ConfigChange[];
}

interface Line {
  text: string;
  origin: number;
}

const MARK = '; callcheck:';

/** Applies the edits to a copy of the files; the originals are not touched. */
export function applyConfEdits(files: ConfFiles, edits: readonly ConfEdit[]): EditedConf {
  const lines = new Map<string, Line[]>();
  const linesOf = (file: string): Line[] => {
    let list = lines.get(file);
    if (!list) {
      list = (files.get(file) ?? '').split('\n').map((text, i) => ({ text, origin: i + 1 }));
      if (!files.has(file)) list = [];
      lines.set(file, list);
    }
    return list;
  };
  const changes: ConfigChange[] = [];
  const after = new Map<string, Map<number, string[]>>();
  const insertAfter = (file: string, line: number, text: string) => {
    const byLine = after.get(file) ?? new Map<number, string[]>();
    byLine.set(line, [...(byLine.get(line) ?? []), text]);
    after.set(file, byLine);
  };
  const appended = new Map<string, string[]>();
  for (const edit of edits) {
    if (edit.kind === 'replace-file') {
      const existed = files.has(edit.file);
      lines.set(edit.file, edit.text.split('\n').map((text) => ({ text, origin: 0 })));
      changes.push({ file: edit.file, change: existed ? `replaced: ${edit.what}` : `added: ${edit.what}`, why: edit.why });
      continue;
    }
    if (edit.kind === 'append') {
      linesOf(edit.file);
      appended.set(edit.file, [...(appended.get(edit.file) ?? []), ...edit.lines]);
      changes.push({ file: edit.file, change: files.has(edit.file) ? `appended: ${edit.what}` : `added: ${edit.what}`, why: edit.why });
      continue;
    }
    const { section } = edit;
    const list = linesOf(section.file);
    const at = (n: number) => list[n - 1] as Line;
    if (edit.kind === 'comment-out') {
      for (let n = section.line; n <= section.lastLine; n++) if (at(n).text.trim() !== '') at(n).text = `${MARK} ${at(n).text}`;
      changes.push({ file: section.file, line: section.line, change: `commented out [${section.name}] (${edit.what})`, why: edit.why });
      continue;
    }
    const existing = section.settings.filter((s) => s.key === edit.key);
    if (edit.kind === 'remove') {
      for (const s of existing) at(s.line).text = `${MARK} ${at(s.line).text}`;
      const was = existing.map((s) => s.value).join(', ');
      changes.push({ file: section.file, line: existing[0]?.line ?? section.line, change: `[${section.name}] ${edit.key} removed (was ${was})`, why: edit.why });
      continue;
    }
    const shown = edit.shown ?? edit.value;
    const [first, ...rest] = existing;
    if (first === undefined) {
      insertAfter(section.file, section.line, `${edit.key} = ${edit.value}`);
      changes.push({ file: section.file, line: section.line, change: `[${section.name}] ${edit.key} = ${shown} (not set before)`, why: edit.why });
      continue;
    }
    if (rest.length === 0 && first.value === edit.value) continue;
    at(first.line).text = `${edit.key} = ${edit.value}`;
    for (const s of rest) at(s.line).text = `${MARK} ${at(s.line).text}`;
    const was = edit.key.includes('password') ? '***' : existing.map((s) => s.value).join(', ');
    changes.push({ file: section.file, line: first.line, change: `[${section.name}] ${edit.key} = ${shown} (was ${was})`, why: edit.why });
  }
  const out = new Map<string, string>(files);
  const origins = new Map<string, number[]>();
  for (const [file, list] of lines) {
    const byLine = after.get(file);
    const result: Line[] = [];
    for (const line of list) {
      result.push(line);
      for (const text of byLine?.get(line.origin) ?? []) result.push({ text, origin: 0 });
    }
    for (const text of appended.get(file) ?? []) result.push({ text, origin: 0 });
    out.set(file, result.map((l) => l.text).join('\n'));
    origins.set(file, result.map((l) => l.origin));
  }
  return { files: out, origins, changes };
}
