/**
 * SIPp's own accounts of a run, parsed (pure): the statistics CSV (`-trace_stat -stf FILE`), the final
 * screen (`-trace_screen -screen_file FILE`) and the per-call response-time trace (`-trace_rtt`).
 * Formats as SIPp 3.6 writes them: `;`-separated, a header row of counter names where `(P)` is periodic
 * and `(C)` cumulative; date cells as `YYYY-MM-DD<TAB>HH:MM:SS.micro<TAB>epoch.micro`.
 */

export interface SippStatsSummary {
  /** Start of the run, ms since the epoch (SIPp's StartTime). */
  startedAt: number;
  /** Time of the last statistics row, ms since the epoch. */
  lastRowAt: number;
  /**
   * When the number of created calls last grew, ms since the epoch: the end of placing calls, to the
   * resolution of the statistics period.
   */
  lastCreatedAt: number;
  /** Calls SIPp created (TotalCallCreated). */
  created: number;
  successful: number;
  failed: number;
  /** Highest CurrentCall of any row (sampled at the statistics period). */
  peakCurrentSampled: number;
  /** Calls still running at the last row. */
  currentAtEnd: number;
  retransmissions: number;
  /** Nonzero cumulative Failed* counters other than FailedCall, e.g. `{ TimeoutOnRecv: 3 }`. */
  failures: Record<string, number>;
  /** Rows in the file (not counting the header). */
  rows: number;
}

/** The rows of a SIPp statistics CSV as name → cell. */
export function parseSippStatsRows(csv: string): Record<string, string>[] {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0];
  if (header === undefined || !header.startsWith('StartTime;')) throw new Error('not a SIPp statistics file (no StartTime;... header row)');
  const names = header.split(';');
  return lines.slice(1).map((line) => {
    const cells = line.split(';');
    const row: Record<string, string> = {};
    names.forEach((name, i) => {
      if (name) row[name] = cells[i] ?? '';
    });
    return row;
  });
}

/** A SIPp date cell (`2026-11-26\t08:43:03.089838\t1795682583.089838`) in ms since the epoch. */
export function sippDateMs(cell: string): number {
  const epoch = cell.trim().split(/\s+/).at(-1) ?? '';
  const seconds = Number(epoch);
  if (!/^\d+(\.\d+)?$/.test(epoch) || !Number.isFinite(seconds)) throw new Error(`not a SIPp date: ${JSON.stringify(cell)}`);
  return seconds * 1000;
}

const int = (row: Record<string, string>, name: string): number => {
  const value = Number(row[name] ?? '');
  return Number.isFinite(value) ? value : 0;
};

/** Totals of a SIPp statistics CSV, from its last row (cumulative counters) and the rows over time. */
export function summarizeSippStats(csv: string): SippStatsSummary {
  const rows = parseSippStatsRows(csv);
  const last = rows.at(-1);
  if (!last) throw new Error('the SIPp statistics file has a header but no row');
  let peak = 0;
  let created = -1;
  let lastCreatedAt = sippDateMs(last['StartTime'] ?? '');
  for (const row of rows) {
    peak = Math.max(peak, int(row, 'CurrentCall'));
    const c = int(row, 'TotalCallCreated');
    if (c > created) {
      created = c;
      lastCreatedAt = sippDateMs(row['CurrentTime'] ?? '');
    }
  }
  const failures: Record<string, number> = {};
  for (const name of Object.keys(last)) {
    const match = /^Failed(\w+)\(C\)$/.exec(name);
    if (match && match[1] !== 'Call' && int(last, name) > 0) failures[match[1] as string] = int(last, name);
  }
  return {
    startedAt: sippDateMs(last['StartTime'] ?? ''),
    lastRowAt: sippDateMs(last['CurrentTime'] ?? ''),
    lastCreatedAt,
    created: int(last, 'TotalCallCreated'),
    successful: int(last, 'SuccessfulCall(C)'),
    failed: int(last, 'FailedCall(C)'),
    peakCurrentSampled: peak,
    currentAtEnd: int(last, 'CurrentCall'),
    retransmissions: int(last, 'Retransmissions(C)'),
    failures,
    rows: rows.length,
  };
}

/** "Peak was 12 calls, after 3 s" of SIPp's last screen, or undefined. */
export function peakFromScreen(screen: string): number | undefined {
  const all = [...screen.matchAll(/Peak was (\d+) calls/g)];
  const last = all.at(-1);
  return last ? Number(last[1]) : undefined;
}

export interface SippRtt {
  /** When the response-time measure ended (the 200 OK arrived), ms since SIPp started. */
  atMs: number;
  /** INVITE to 200 OK, ms (SIPp writes whole ms). */
  responseMs: number;
  /** Which response-time measure (the scenario's `rtd`). */
  rtd: string;
}

/** SIPp's `-trace_rtt` file: `Date_ms;response_time_ms;rtd_no`, one row per measured response. */
export function parseSippRtt(csv: string): SippRtt[] {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines[0] !== undefined && !/^Date_ms;/.test(lines[0])) throw new Error('not a SIPp response-time file (no Date_ms;... header row)');
  const out: SippRtt[] = [];
  for (const line of lines.slice(1)) {
    const [at, response, rtd] = line.split(';');
    const atMs = Number(at);
    const responseMs = Number(response);
    if (Number.isFinite(atMs) && Number.isFinite(responseMs)) out.push({ atMs, responseMs, rtd: (rtd ?? '').trim() });
  }
  return out;
}

/**
 * The window in which the measured calls were placed: from the first INVITE sent to the last, in ms,
 * derived from each response's time minus its response time. Undefined for fewer than two calls.
 */
export function placingWindowMs(rtts: readonly SippRtt[]): number | undefined {
  if (rtts.length < 2) return undefined;
  let first = Infinity;
  let last = -Infinity;
  for (const r of rtts) {
    const sentAt = r.atMs - r.responseMs;
    if (sentAt < first) first = sentAt;
    if (sentAt > last) last = sentAt;
  }
  return last - first;
}
