/**
 * Serialises a value for a `<script type="application/json">` block. Every `<` becomes `\u003c`, which
 * JSON.parse reads back as `<`, so no string in the data (`</script>`, `<!--`) can end the block or
 * change how the HTML parser reads it.
 */
export function toScriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
