import type { Leftovers } from '../../contracts/results.ts';

/**
 * Channels Asterisk still has up, from `core show channels count` ("3 active channels"). Undefined when
 * the output does not say, so a changed output is never read as zero.
 */
export function parseChannelCount(output: string): number | undefined {
  const match = /^\s*(\d+) active channels?\b/m.exec(output);
  return match ? Number(match[1]) : undefined;
}

/**
 * The contacts (registrations) Asterisk still holds, from `pjsip show contacts`: each as `aor/uri`.
 * "No objects found." is none; anything else without a contact line and without that sentence is
 * unreadable (undefined).
 */
export function parseContacts(output: string): string[] | undefined {
  if (/No objects found\./.test(output)) return [];
  const contacts = [...output.matchAll(/^\s*Contact:\s+(\S+)/gm)].map((m) => m[1] as string).filter((c) => !c.startsWith('<'));
  return contacts.length > 0 || /Objects found: 0\b/.test(output) ? contacts : undefined;
}

/** True when nothing of the run was left in Asterisk. */
export function noLeftovers(leftovers: Leftovers): boolean {
  return leftovers.channels === 0 && leftovers.contacts.length === 0;
}

/** The warning a run gives when something was left: what, and how many. */
export function leftoversText(leftovers: Leftovers): string {
  const contacts = leftovers.contacts.length;
  return `Asterisk still had ${leftovers.channels} channel(s) up and ${contacts} contact(s) registered after the agents stopped${contacts > 0 ? ` (${leftovers.contacts.join(', ')})` : ''}; a channel still up has written no CDR row, so its call is not matched`;
}
