import { BUILD_CHARTS_SCRIPT } from './build-charts-script.ts';

/**
 * The report's own script: draws the charts from the `callcheck-charts` JSON block with the inlined
 * Chart.js, and wires the phase selectors and the log-scale switches (the per-build charts are drawn by
 * {@link BUILD_CHARTS_SCRIPT}, which it includes). It holds no data, so its text (and its
 * CSP hash) is the same for every report. Animation is off so the charts are complete on first paint, for
 * screenshots and printing. It sets no markup: captions are written as text.
 */
export const CHARTS_SCRIPT = `
(() => {
  'use strict';
  const source = document.getElementById('callcheck-charts');
  if (!source || typeof Chart === 'undefined') return;
  const charts = JSON.parse(source.textContent || '{}');
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = '#475569';
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  const grid = { color: '#e2e8f0' };
  const msLabel = (item) => item.dataset.label + ': ' + item.formattedValue + ' ms';
  // On a logarithmic axis only 1, 2 and 5 times a power of ten are labelled, so labels never overlap.
  const tickLabel = function (value, index, ticks) {
    if (this.type === 'logarithmic') {
      const mantissa = value / Math.pow(10, Math.floor(Math.log10(value)));
      if (![1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-9)) return '';
    }
    return Chart.Ticks.formatters.numeric.call(this, value, index, ticks);
  };

  const distributionCanvas = document.getElementById('chart-phase-distribution');
  const select = document.getElementById('phase-select');
  const caption = document.getElementById('phase-distribution-caption');
  if (distributionCanvas && Array.isArray(charts.distributions) && charts.distributions.length > 0) {
    const byName = new Map(charts.distributions.map((d) => [d.name, d]));
    const chart = new Chart(distributionCanvas, {
      type: 'bar',
      data: { labels: [], datasets: [{ label: 'calls', data: [], backgroundColor: '#3b82f6', barPercentage: 1, categoryPercentage: 0.94 }] },
      options: {
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { title: (items) => items[0].label + ' ms' } },
        },
        scales: {
          x: { grid: { display: false }, title: { display: true, text: '' } },
          y: { beginAtZero: true, grid, ticks: { precision: 0 }, title: { display: true, text: 'calls' } },
        },
      },
    });
    const show = (d) => {
      chart.data.labels = d.buckets.map((b) => b.fromMs + '–' + b.toMs);
      chart.data.datasets[0].data = d.buckets.map((b) => b.count);
      chart.options.scales.x.title.text = d.label + ', ms';
      chart.update();
      if (caption) caption.textContent = d.caption;
    };
    // The selector's value, not the default: a reload keeps what the reader had picked.
    const initial = (select && byName.get(select.value)) || byName.get(charts.defaultPhase) || charts.distributions[0];
    show(initial);
    if (select) {
      select.addEventListener('change', () => {
        const d = byName.get(select.value);
        if (d) show(d);
      });
    }
  }

  const phaseCanvas = document.getElementById('chart-phases');
  const box = document.getElementById('chart-phases-box');
  const logScale = document.getElementById('phase-log');
  if (phaseCanvas && charts.phases) {
    const p = charts.phases;
    // One band per phase, tall enough for its three bars to stay apart however many phases there are.
    if (box) box.style.height = Math.max(240, 70 + p.labels.length * 36) + 'px';
    const chart = new Chart(phaseCanvas, {
      type: 'bar',
      data: {
        labels: p.labels,
        datasets: [
          { label: 'p50', data: p.p50, backgroundColor: '#3b82f6' },
          { label: 'p95', data: p.p95, backgroundColor: '#f59e0b' },
          { label: 'p99', data: p.p99, backgroundColor: '#dc2626' },
        ],
      },
      options: {
        indexAxis: 'y',
        plugins: {
          legend: { position: 'bottom' },
          tooltip: { callbacks: { label: msLabel } },
        },
        scales: {
          x: { type: 'linear', beginAtZero: true, grid, ticks: { callback: tickLabel }, title: { display: true, text: 'ms' } },
          y: { grid: { display: false } },
        },
      },
    });
    if (logScale) {
      const apply = () => {
        chart.options.scales.x.type = logScale.checked ? 'logarithmic' : 'linear';
        chart.options.scales.x.title.text = logScale.checked ? 'ms (logarithmic)' : 'ms';
        chart.update();
      };
      logScale.addEventListener('change', apply);
      if (logScale.checked) apply();
    }
  }

  drawBuildCharts(charts.builds, grid, tickLabel);
${BUILD_CHARTS_SCRIPT}
})();
`;
