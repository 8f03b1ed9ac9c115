import type { RunResults } from '../../contracts/results.ts';
import { stoppedEarlyText } from '../run-verdict.ts';
import { cdrDelayLine, outageLine } from './observation-lines.ts';
import { agentEventLines } from './agent-event-lines.ts';
import { thresholdLine } from './threshold-summary.ts';
import { onlyUnverified } from '../../logic/results/exit-code.ts';
import type { BuildComparison, ConformanceComparison } from '../../contracts/comparison.ts';

/** The few lines a person or a CI log needs: the verdict, the counts and where the report is. */
export function printSummary(results: RunResults, runDir: string): void {
  const s = results.summary;
  const c = s.cdr;
  const dial = results.phases.find((p) => p.name === 'dial_to_200');
  const stopped = results.run.interrupted === true ? `${results.run.killed === true ? 'KILLED' : 'INTERRUPTED'}, calls that ended: ` : '';
  const lines = [
    `${stopped}${s.conforms ? 'CONFORMS' : onlyUnverified(results) ? 'CDR NOT VERIFIED' : 'DOES NOT CONFORM'}: ${s.placed} placed, ${s.answered} answered, ${s.failed} failed`,
    `CDR: ${c.matched} matched, ${c.missing} missing, ${c.duplicate} duplicate, ${c.mismatched} mismatched, ${c.unknown} unknown` +
      (c.notRecorded ? `, ${c.notRecorded} not recorded by cdr.conf` : '') +
      (c.unexpected ? `, ${c.unexpected} unexpected` : '') +
      (c.notVerified ? `, ${c.notVerified} not verified` : '') +
      (c.lost ? `, ${c.lost} lost in a CDR database outage` : '') +
      (c.inFlight ? `, ${c.inFlight} in flight when Asterisk went down` : '') +
      (c.notPlaced ? `, ${c.notPlaced} not placed (Asterisk down)` : '') +
      (c.keyNotStored ? `, ${c.keyNotStored} written without the key` : ''),
  ];
  if (s.stoppedEarly) lines.push(stoppedEarlyText(s.stoppedEarly));
  if (c.notVerified) lines.push(`CDR rows never read for ${c.notVerified} call(s); to verify them: callcheck verify ${runDir} --cdr mysql://user:password@127.0.0.1:3306/database`);
  if (results.rebuilt) lines.push(`${results.rebuilt.by === 'verify' ? 'verified again' : 'rebuilt'} at ${results.rebuilt.at} against ${results.rebuilt.cdrSource ?? 'no CDR rows'}`);
  const truncated = results.calls.flatMap((call) => (call.cdr.kind === 'matched' ? (call.cdr.truncated ?? []) : []));
  if (truncated.length > 0) {
    lines.push(`CDR values truncated: ${truncated.length} (${[...new Set(truncated.map((t) => t.field))].join(', ')}), as the CDR backend truncates them; the rows conform, the report lists each`);
  }
  for (const outage of results.observations?.outages ?? []) lines.push(outageLine(outage));
  lines.push(...agentEventLines(results.observations?.events ?? []));
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

/**
 * A comparison in a few plain lines for a terminal or a CI log: the summary, then one line per phase
 * that changed significantly (the rest are summed up in the summary).
 */
export function comparisonLines(comparison: BuildComparison): string[] {
  const changed = comparison.phases.filter((p) => p.change === 'slower' || p.change === 'faster');
  return [comparison.summary, ...changed.map((p) => `  ${p.sentence}`)];
}

/** The conformance lines of `compare`: how many paired calls conform on each side, and the first calls that differ. */
export function conformanceLines(conformance: ConformanceComparison, shown = 5): string[] {
  const { paired, differing } = conformance;
  const head = `conformance: ${conformance.baselineConforming} of ${paired} paired calls conform on the baseline, ${conformance.candidateConforming} on the candidate; ${differing.length} differ`;
  const lines = differing.slice(0, shown).map((d) => `  call ${d.index + 1} (${d.dialed}): ${d.baseline} on the baseline, ${d.candidate} on the candidate`);
  if (differing.length > shown) lines.push(`  … and ${differing.length - shown} more (comparison.json)`);
  return [head, ...lines];
}
