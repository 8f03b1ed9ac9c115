import type { RunResults } from '../contracts/results.ts';
import { comparisonLines } from '../report/comparison-lines.ts';
import { cdrDelayLine, outageLine } from '../report/observation-lines.ts';
import { thresholdLine } from '../report/threshold-summary.ts';

/** The few lines a person or a CI log needs: the verdict, the counts and where the report is. */
export function printSummary(results: RunResults, runDir: string): void {
  const s = results.summary;
  const c = s.cdr;
  const dial = results.phases.find((p) => p.name === 'dial_to_200');
  const lines = [
    `${s.conforms ? 'CONFORMS' : 'DOES NOT CONFORM'}: ${s.placed} placed, ${s.answered} answered, ${s.failed} failed`,
    `CDR: ${c.matched} matched, ${c.missing} missing, ${c.duplicate} duplicate, ${c.mismatched} mismatched, ${c.unknown} unknown` +
      (c.notRecorded ? `, ${c.notRecorded} not recorded by cdr.conf` : '') +
      (c.unexpected ? `, ${c.unexpected} unexpected` : '') +
      (c.lost ? `, ${c.lost} lost in a CDR database outage` : '') +
      (c.inFlight ? `, ${c.inFlight} in flight when Asterisk went down` : '') +
      (c.notPlaced ? `, ${c.notPlaced} not placed (Asterisk down)` : ''),
  ];
  for (const outage of results.observations?.outages ?? []) lines.push(outageLine(outage));
  if (results.observations?.cdrDelay) lines.push(cdrDelayLine(results.observations.cdrDelay));
  if (dial?.p50Ms !== undefined) lines.push(`dial latency (click → 200 OK): p50 ${dial.p50Ms} ms, p95 ${dial.p95Ms} ms`);
  const audio = results.calls.filter((call) => call.audio !== undefined);
  if (audio.length > 0) lines.push(`audio: ${audio.filter((call) => call.audio?.heard).length} of ${audio.length} answered calls heard their own audio come back`);
  for (const load of results.load?.scenarios ?? []) {
    lines.push(`load ${load.name} (${load.executor}): ${load.iterations} calls from ${load.agents} agents${load.dropped ? `, ${load.dropped} dropped (no free agent)` : ''}`);
  }
  if (results.matrix) {
    for (const label of results.matrix.builds) {
      const info = results.browsers.find((b) => b.build === label);
      const calls = results.calls.filter((call) => call.build === label);
      const matched = calls.filter((call) => call.cdr.kind === 'matched').length;
      lines.push(`build ${label}${info ? ` (${info.name} ${info.version})` : ''}${label === results.matrix.baseline ? ', baseline' : ''}: ${calls.length} calls, ${matched} CDR rows matched`);
    }
    for (const comparison of results.matrix.comparisons) lines.push(...comparisonLines(comparison));
  }
  if (results.thresholds && results.thresholds.length > 0) {
    const failed = results.thresholds.filter((t) => !t.passed).length;
    lines.push(`thresholds: ${failed === 0 ? 'all passed' : `${failed} of ${results.thresholds.length} FAILED`}${s.abortedByThreshold ? ' (the load was stopped early by abortOnFail)' : ''}`);
    for (const t of results.thresholds) lines.push(`  ${thresholdLine(t)}`);
  }
  lines.push(`report: ${runDir}/index.html`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
