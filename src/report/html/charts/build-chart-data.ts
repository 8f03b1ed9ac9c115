import { PHASES, phaseDurations } from '../../../logic/results/phases.ts';
import { percentile } from '../../../logic/stats/percentile.ts';
import { ecdf, type EcdfPoint } from './ecdf.ts';
import { formatMs } from '../format.ts';
import { DEFAULT_DISTRIBUTION_PHASE } from '../sections/latency-section.ts';
import { buildTitle, type RunBuild } from '../../run-builds.ts';

/**
 * The consecutive, non-overlapping phases from the click to the first audio heard back, in call order:
 * stacked, their medians show where a build spends its time.
 */
export const STACKED_PHASES: readonly string[] = ['dial_to_media_ready', 'ice_gathering', 'ice_gathered_to_invite', 'invite_to_200', '200_to_first_rtp', 'first_rtp_to_first_audio'];

/** One build as the charts name it; every series below is aligned with this list, so a build keeps its colour. */
export interface ChartBuild {
  label: string;
  /** How legends and axes name it, e.g. `chromium-150 (Chromium 150.0.7871.100) · baseline`. */
  title: string;
  baseline: boolean;
}

/** One phase's distribution on every build. */
export interface PhaseCdfs {
  name: string;
  label: string;
  /** Per build, in {@link BuildChartData.builds} order; empty where the build never reached the phase. */
  series: { count: number; points: EcdfPoint[] }[];
  /** Per build: calls, p50 and p95, e.g. `chromium-150: 18 calls · p50 301 ms · p95 352.4 ms`. */
  caption: string;
}

/** Medians of the {@link STACKED_PHASES}, per build. */
export interface StackedPhaseBars {
  segments: { name: string; label: string; mediansMs: (number | null)[] }[];
  /** Per build: the sum of its medians, the bar's length. */
  totalsMs: number[];
}

/** What the per-build charts draw, computed here so the page does no analysis of its own. */
export interface BuildChartData {
  builds: ChartBuild[];
  /** Every phase some build measured, in phase order; a selector picks the one shown. */
  cdfs: PhaseCdfs[];
  defaultCdfPhase?: string;
  stacked?: StackedPhaseBars;
}

/**
 * The per-build charts' data. Over answered calls only, as the matrix verdict compares them
 * (src/logic/matrix-summary.ts): a busy or unanswered call's INVITE phases measure the simulated
 * customer's choice, not the browser, and the figures beside the verdict must be the verdict's own.
 */
export function buildChartData(builds: readonly RunBuild[], titleOf: (build: RunBuild) => string = defaultTitle): BuildChartData {
  const samples = builds.map((build) => {
    const byPhase = new Map<string, number[]>();
    for (const call of build.calls) {
      if (call.outcome !== 'answered') continue;
      for (const [name, ms] of Object.entries(phaseDurations(call.timeline))) {
        const list = byPhase.get(name);
        if (list === undefined) byPhase.set(name, [ms]);
        else list.push(ms);
      }
    }
    return byPhase;
  });
  const data: BuildChartData = { builds: builds.map((b) => ({ label: b.label, title: titleOf(b), baseline: b.baseline })), cdfs: [] };

  for (const phase of PHASES) {
    const perBuild = samples.map((byPhase) => byPhase.get(phase.name) ?? []);
    if (perBuild.every((values) => values.length === 0)) continue;
    const caption = builds
      .map((build, i) => {
        const values = perBuild[i] ?? [];
        if (values.length === 0) return `${build.label}: no call`;
        return `${build.label}: ${values.length} ${values.length === 1 ? 'call' : 'calls'} · p50 ${formatMs(percentile(values, 50))} ms · p95 ${formatMs(percentile(values, 95))} ms`;
      })
      .join('  |  ');
    data.cdfs.push({ name: phase.name, label: phase.label, series: perBuild.map((values) => ({ count: values.length, points: ecdf(values) })), caption });
  }
  if (data.cdfs.length > 0) data.defaultCdfPhase = data.cdfs.some((c) => c.name === DEFAULT_DISTRIBUTION_PHASE) ? DEFAULT_DISTRIBUTION_PHASE : data.cdfs[0]?.name;

  const segments = STACKED_PHASES.map((name) => {
    const label = PHASES.find((p) => p.name === name)?.label ?? name;
    const mediansMs = samples.map((byPhase) => {
      const median = percentile(byPhase.get(name) ?? [], 50);
      return median === undefined ? null : Math.round(median * 100) / 100;
    });
    return { name, label, mediansMs };
  });
  if (segments.some((s) => s.mediansMs.some((m) => m !== null))) {
    const totalsMs = builds.map((_, i) => Math.round(segments.reduce((sum, s) => sum + (s.mediansMs[i] ?? 0), 0) * 100) / 100);
    data.stacked = { segments, totalsMs };
  }
  return data;
}

function defaultTitle(build: RunBuild): string {
  return `${buildTitle(build.ref)}${build.baseline ? ' · baseline' : ''}`;
}
