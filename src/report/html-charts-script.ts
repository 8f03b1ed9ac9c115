/**
 * The report's own script: draws the two charts from the `callcheck-charts` JSON block with the inlined
 * Chart.js. It holds no data, so its text (and its CSP hash) is the same for every report. Animation is
 * off so the charts are complete on first paint, for screenshots and printing.
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

  const dial = document.getElementById('chart-dial-latency');
  if (dial && charts.dialLatency) {
    const h = charts.dialLatency;
    new Chart(dial, {
      type: 'bar',
      data: {
        labels: h.buckets.map((b) => b.fromMs + '–' + b.toMs),
        datasets: [{ label: 'calls', data: h.buckets.map((b) => b.count), backgroundColor: '#3b82f6', barPercentage: 1, categoryPercentage: 0.94 }],
      },
      options: {
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { title: (items) => items[0].label + ' ms' } },
        },
        scales: {
          x: { grid: { display: false }, title: { display: true, text: h.axisLabel } },
          y: { beginAtZero: true, grid, ticks: { precision: 0 }, title: { display: true, text: 'calls' } },
        },
      },
    });
  }

  const phases = document.getElementById('chart-phases');
  if (phases && charts.phases) {
    const p = charts.phases;
    new Chart(phases, {
      type: 'bar',
      data: {
        labels: p.labels,
        datasets: [
          { label: 'p50', data: p.p50, backgroundColor: '#3b82f6' },
          { label: 'p95', data: p.p95, backgroundColor: '#f59e0b' },
        ],
      },
      options: {
        indexAxis: 'y',
        plugins: {
          legend: { position: 'bottom' },
          tooltip: { callbacks: { label: (item) => item.dataset.label + ': ' + item.formattedValue + ' ms' } },
        },
        scales: {
          x: { beginAtZero: true, grid, title: { display: true, text: 'ms' } },
          y: { grid: { display: false } },
        },
      },
    });
  }
})();
`;
