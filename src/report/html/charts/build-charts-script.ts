/**
 * The per-build charts, as a function the report's script (CHARTS_SCRIPT) defines and calls with the
 * `builds` part of the chart data: the CDF of the picked phase with one line per build, and one stacked
 * bar per build of the medians of the consecutive phases. Like the rest of the script it holds no data,
 * so its text and the CSP hash stay the same for every report.
 *
 * A build keeps its colour on every chart: colours go by the build's position in `builds.builds`.
 */
export const BUILD_CHARTS_SCRIPT = `
function drawBuildCharts(builds, grid, tickLabel) {
  if (!builds || !Array.isArray(builds.builds)) return;
  const palette = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];
  const colour = (i) => palette[i % palette.length];
  const names = builds.builds.map((b) => b.title);

  const cdfCanvas = document.getElementById('chart-build-cdf');
  const select = document.getElementById('cdf-phase-select');
  const caption = document.getElementById('cdf-caption');
  const logScale = document.getElementById('cdf-log');
  if (cdfCanvas && Array.isArray(builds.cdfs) && builds.cdfs.length > 0) {
    const byName = new Map(builds.cdfs.map((c) => [c.name, c]));
    const chart = new Chart(cdfCanvas, {
      type: 'line',
      data: {
        datasets: names.map((label, i) => ({
          label, data: [], borderColor: colour(i), backgroundColor: colour(i),
          // The baseline is drawn thicker and dashed so it reads as the reference the others are held to.
          borderWidth: builds.builds[i].baseline ? 2.5 : 2, borderDash: builds.builds[i].baseline ? [6, 3] : [],
          pointRadius: 0, pointHitRadius: 6, stepped: 'before', fill: false,
        })),
      },
      options: {
        parsing: { xAxisKey: 'ms', yAxisKey: 'pct' },
        interaction: { mode: 'nearest', intersect: false },
        plugins: {
          // Legend keys drawn as lines, so the baseline's dashes show in its key too.
          legend: { position: 'bottom', labels: { usePointStyle: true, pointStyle: 'line' } },
          tooltip: { callbacks: { label: (item) => item.dataset.label + ': ' + item.raw.pct + ' % of calls ≤ ' + item.raw.ms + ' ms' } },
        },
        scales: {
          x: { type: 'linear', grid, ticks: { callback: tickLabel }, title: { display: true, text: 'ms' } },
          // Ticks where a reader looks for the median and the tail.
          y: {
            min: 0, max: 100, grid,
            afterBuildTicks: (axis) => { axis.ticks = [0, 25, 50, 75, 95].map((value) => ({ value })); },
            ticks: { callback: (value) => value + ' %' },
            title: { display: true, text: 'calls at most that long' },
          },
        },
      },
    });
    let shown = null;
    const show = (cdf) => {
      shown = cdf;
      const log = !!(logScale && logScale.checked);
      chart.data.datasets.forEach((dataset, i) => {
        const points = cdf.series[i] ? cdf.series[i].points : [];
        // A logarithmic axis has no place for 0 ms.
        dataset.data = log ? points.filter((p) => p.ms > 0) : points;
      });
      chart.options.scales.x.type = log ? 'logarithmic' : 'linear';
      chart.options.scales.x.title.text = cdf.label + (log ? ', ms (logarithmic)' : ', ms');
      chart.update();
      if (caption) caption.textContent = cdf.caption;
    };
    show((select && byName.get(select.value)) || byName.get(builds.defaultCdfPhase) || builds.cdfs[0]);
    if (select) select.addEventListener('change', () => { const c = byName.get(select.value); if (c) show(c); });
    if (logScale) logScale.addEventListener('change', () => { if (shown) show(shown); });
  }

  const stackCanvas = document.getElementById('chart-build-phases');
  const box = document.getElementById('chart-build-phases-box');
  if (stackCanvas && builds.stacked) {
    const stacked = builds.stacked;
    if (box) box.style.height = Math.max(170, 110 + builds.builds.length * 46) + 'px';
    const shades = ['#94a3b8', '#38bdf8', '#0284c7', '#f59e0b', '#10b981', '#8b5cf6'];
    // Each bar's total at its end: the reader compares builds by it first.
    const totals = {
      id: 'callcheckTotals',
      afterDatasetsDraw(c) {
        const ctx = c.ctx;
        const last = c.getDatasetMeta(c.data.datasets.length - 1);
        ctx.save();
        ctx.fillStyle = '#1e293b';
        ctx.font = '600 12px ' + Chart.defaults.font.family;
        ctx.textBaseline = 'middle';
        stacked.totalsMs.forEach((total, i) => {
          const bar = last.data[i];
          if (!bar) return;
          const x = c.scales.x.getPixelForValue(total);
          ctx.fillText(total.toFixed(1) + ' ms', x + 6, bar.y);
        });
        ctx.restore();
      },
    };
    new Chart(stackCanvas, {
      type: 'bar',
      data: {
        labels: names,
        datasets: stacked.segments.map((s, i) => ({ label: s.label, data: s.mediansMs, backgroundColor: shades[i % shades.length], barPercentage: 0.7 })),
      },
      options: {
        indexAxis: 'y',
        layout: { padding: { right: 70 } },
        plugins: {
          legend: { position: 'bottom' },
          tooltip: { callbacks: { label: (item) => item.dataset.label + ': ' + item.formattedValue + ' ms (median)' } },
        },
        scales: {
          x: { stacked: true, beginAtZero: true, grid, title: { display: true, text: 'ms (median of each phase)' } },
          y: { stacked: true, grid: { display: false } },
        },
      },
      plugins: [totals],
    });
  }
}
`;
