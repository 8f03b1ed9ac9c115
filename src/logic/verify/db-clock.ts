/** `YYYY-MM-DD hh:mm:ss[.ffffff]`, how MySQL and MariaDB write a DATETIME. */
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;

/** A DATETIME's wall-clock reading as milliseconds, counted as if it were UTC (its zone is unknown and does not matter). */
export function wallClockMs(datetime: string): number {
  const m = DATETIME.exec(datetime.trim());
  if (!m) throw new Error(`"${datetime}" is not a DATETIME (YYYY-MM-DD hh:mm:ss[.ffffff])`);
  const [, y, mo, d, h, mi, s, frac = ''] = m;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) + Number(frac.padEnd(6, '0')) / 1000;
}

/** Milliseconds as a DATETIME(6) wall-clock reading (the inverse of wallClockMs). */
export function formatWallClock(ms: number): string {
  const micros = Math.round(ms * 1000);
  const whole = new Date(Math.floor(micros / 1000));
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const date = `${whole.getUTCFullYear()}-${pad(whole.getUTCMonth() + 1)}-${pad(whole.getUTCDate())}`;
  const time = `${pad(whole.getUTCHours())}:${pad(whole.getUTCMinutes())}:${pad(whole.getUTCSeconds())}`;
  return `${date} ${time}.${pad(((micros % 1_000_000) + 1_000_000) % 1_000_000, 6)}`;
}

/**
 * The database's wall clock as seen from this machine: one reading of NOW() and this machine's time when it
 * was taken give the offset, time zone included, so any later moment of this machine can be written as the
 * database would write it. calldate is compared in that form.
 */
export class DbClock {
  /** Database wall clock minus this machine's epoch time, in ms. */
  readonly offsetMs: number;

  constructor(dbNow: string, hostMs: number) {
    this.offsetMs = wallClockMs(dbNow) - hostMs;
  }

  /** The database's wall-clock reading at this machine's epoch time `hostMs`. */
  at(hostMs: number): string {
    return formatWallClock(hostMs + this.offsetMs);
  }
}
