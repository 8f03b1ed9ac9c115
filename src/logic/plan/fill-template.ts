const PLACEHOLDER = /\{\{([A-Z0-9_]+)\}\}/g;

/** Names of the `{{NAME}}` placeholders in a template. */
export function placeholdersOf(template: string): Set<string> {
  return new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string));
}

/**
 * Fills `{{NAME}}` placeholders. A placeholder without a value is an error, so a renamed placeholder
 * fails loudly instead of reaching Asterisk as literal text.
 */
export function fillTemplate(name: string, template: string, values: Readonly<Record<string, string>>): string {
  const missing = [...placeholdersOf(template)].filter((key) => values[key] === undefined);
  if (missing.length > 0) throw new Error(`template ${name}: no value for ${missing.join(', ')}`);
  return template.replace(PLACEHOLDER, (_, key: string) => values[key] as string);
}
