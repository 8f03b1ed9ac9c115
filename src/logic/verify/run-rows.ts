import type { CdrRow } from '../../contracts/cdr-row.ts';

/**
 * What tells a run's rows from the other calls in a CDR table it shares with a live PBX (rows are first
 * narrowed to the run's time window when they are read, see ExternalPbx).
 */
export interface RunRowOwner {
  /** The `src` of every agent of the run. */
  srcs: ReadonlySet<string>;
  /** The key value of every call the run placed. */
  keys: ReadonlySet<string>;
  /** The mapped column holding the key. */
  keyColumn: string;
}

/**
 * A row is the run's when one of its agents placed it (src) or it carries one of its calls' keys. Either
 * alone would hide a fault: by key alone, a row of our agent whose key was lost or mangled would vanish
 * instead of showing as unknown; by src alone, a row whose src the PBX rewrote would make its call
 * missing instead of mismatched.
 */
export function isRunRow(row: CdrRow, owner: RunRowOwner): boolean {
  if (owner.srcs.has(row.src)) return true;
  const key = row.mapped[owner.keyColumn];
  return key !== null && key !== undefined && owner.keys.has(key);
}
