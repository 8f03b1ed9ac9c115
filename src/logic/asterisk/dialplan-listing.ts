import type { DialplanPriority } from '../../contracts/asterisk-trace.ts';

const CONTEXT = /^\[ Context '([^']+)' created by '([^']+)' \]/;
// "  '_00.' =>         1. NoOp(out)      [extensions.conf:5]" and the continuation "     2. Dial(...)  [extensions.conf:6]".
const PRIORITY = /^\s*(?:'([^']+)'\s*=>)?\s+(\d+)\.\s+([A-Za-z0-9_]+)\((.*)\)\s+\[([^\]:]+):(\d+)\]\s*$/;
const LABELLED = /^\s*(?:'([^']+)'\s*=>)?\s+\[[^\]]*\]\s+/;

/** Parses `dialplan show`: every priority of every context, in Asterisk's order. */
export function parseDialplanShow(text: string): DialplanPriority[] {
  const out: DialplanPriority[] = [];
  let context: string | undefined;
  let exten: string | undefined;
  for (const raw of text.split('\n')) {
    const header = CONTEXT.exec(raw);
    if (header) {
      context = header[1];
      exten = undefined;
      continue;
    }
    if (context === undefined) continue;
    // A labelled priority ("[label]" before the number) reads like any other once the label is dropped.
    const line = raw.replace(LABELLED, (_m, e: string | undefined) => (e ? `'${e}' => ` : ' '));
    const p = PRIORITY.exec(line);
    if (!p) continue;
    if (p[1] !== undefined) exten = p[1];
    if (exten === undefined) continue;
    out.push({ context, exten, priority: Number(p[2]), app: p[3] as string, data: p[4] as string, file: p[5] as string, line: Number(p[6]) });
  }
  return out;
}

/** The application names `core show applications` lists. */
export function parseApplications(text: string): Set<string> {
  const names = new Set<string>();
  for (const raw of text.split('\n')) {
    const m = /^\s*([A-Za-z0-9_]+):\s/.exec(raw);
    if (m) names.add((m[1] as string).toLowerCase());
  }
  return names;
}

/** The priorities that run an application this Asterisk does not have (e.g. `Macro`, removed in Asterisk 21). */
export function missingApplications(priorities: readonly DialplanPriority[], applications: ReadonlySet<string>): DialplanPriority[] {
  return priorities.filter((p) => !applications.has(p.app.toLowerCase()));
}

/** Context → the contexts it includes (`include =>`), from `dialplan show`. */
export function parseDialplanIncludes(text: string): Record<string, string[]> {
  const includes: Record<string, string[]> = {};
  let context: string | undefined;
  for (const raw of text.split('\n')) {
    const header = CONTEXT.exec(raw);
    if (header) {
      context = header[1] as string;
      continue;
    }
    const include = /^\s*Include =>\s+'([^']+)'/.exec(raw);
    if (include && context !== undefined) (includes[context] ??= []).push(include[1] as string);
  }
  return includes;
}

/** Whether an extension pattern (`_00.`, `_NXX`, `123`) matches the number dialed, as Asterisk matches it. */
export function extensionMatches(pattern: string, exten: string): boolean {
  if (!pattern.startsWith('_')) return pattern === exten;
  let regex = '';
  const body = pattern.slice(1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    const upper = c.toUpperCase();
    if (upper === 'X') regex += '[0-9]';
    else if (upper === 'Z') regex += '[1-9]';
    else if (upper === 'N') regex += '[2-9]';
    else if (c === '.') regex += '.+';
    else if (c === '!') regex += '.*';
    else if (c === '[') {
      const end = body.indexOf(']', i);
      if (end < 0) return false;
      regex += `[${body.slice(i + 1, end).replace(/[\\^]/g, '\\$&')}]`;
      i = end;
    } else regex += c.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  }
  return new RegExp(`^${regex}$`).test(exten);
}

/** The contexts a call in `context` reaches without a Goto: itself and what it includes, transitively. */
export function reachableContexts(context: string, includes: Readonly<Record<string, readonly string[]>>): Set<string> {
  const seen = new Set<string>();
  const walk = (c: string) => {
    if (seen.has(c)) return;
    seen.add(c);
    for (const next of includes[c] ?? []) walk(next);
  };
  walk(context);
  return seen;
}
