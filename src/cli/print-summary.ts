import type { RunResults } from '../contracts/results.ts';

/** The few lines a person or a CI log needs: the verdict, the counts and where the report is. */
export function printSummary(results: RunResults, runDir: string): void {
  const s = results.summary;
  const c = s.cdr;
  const dial = results.phases.find((p) => p.name === 'dial_to_200');
  const lines = [
    `${s.conforms ? 'CONFORMS' : 'DOES NOT CONFORM'}: ${s.placed} placed, ${s.answered} answered, ${s.failed} failed`,
    `CDR: ${c.matched} matched, ${c.missing} missing, ${c.duplicate} duplicate, ${c.mismatched} mismatched, ${c.unknown} unknown` +
      (c.notRecorded ? `, ${c.notRecorded} not recorded by cdr.conf` : '') +
      (c.unexpected ? `, ${c.unexpected} unexpected` : ''),
  ];
  if (dial?.p50Ms !== undefined) lines.push(`dial latency (click → 200 OK): p50 ${dial.p50Ms} ms, p95 ${dial.p95Ms} ms`);
  lines.push(`report: ${runDir}/index.html`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
