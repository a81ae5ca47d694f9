// The milestone chart (鱼骨图, 挂图作战): baseline, re-planned and actual dates of each milestone on one
// time axis, late milestones in red. The page carries the chart as JSON in data-chart; ECharts is
// loaded on first use, so that pages without a chart never fetch it.
(function () {
  if (window.milestoneChart) { window.milestoneChart.drawAll(document); return; }

  var GREY = '#6c757d', BLUE = '#0d6efd', GREEN = '#198754', RED = '#dc3545';

  function points(rows, field, keep) {
    var data = [];
    rows.forEach(function (r, i) { if (r[field] && keep(r)) { data.push({ value: [r[field], i], row: r }); } });
    return data;
  }

  function option(chart, labels) {
    var rows = chart.milestones;
    var all = function () { return true; };
    return {
      animation: false,
      legend: { top: 0, data: [labels.baseline, labels.current, { name: labels.actual, itemStyle: { color: GREEN } }, labels.late] },
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'item',
        formatter: function (p) { return p.data.row.name + '<br>' + p.seriesName + ': ' + p.value[0]; }
      },
      xAxis: { type: 'time', splitLine: { show: true } },
      yAxis: {
        type: 'category', inverse: true,
        data: rows.map(function (r) { return r.name; }),
        axisLabel: { color: function (value, index) { return rows[index].late ? RED : '#212529'; } }
      },
      series: [
        { name: labels.baseline, type: 'scatter', symbol: 'diamond', symbolSize: 12,
          itemStyle: { color: '#fff', borderColor: GREY, borderWidth: 2 }, data: points(rows, 'baseline', all) },
        { name: labels.current, type: 'scatter', symbol: 'circle', symbolSize: 11, itemStyle: { color: BLUE },
          data: points(rows, 'current', function (r) { return !r.late; }),
          markLine: { symbol: 'none', silent: true, lineStyle: { color: GREY, type: 'dashed' },
                      label: { formatter: labels.today, position: 'end' }, data: [{ xAxis: chart.today }] } },
        { name: labels.late, type: 'scatter', symbol: 'circle', symbolSize: 11, itemStyle: { color: RED },
          data: points(rows, 'current', function (r) { return r.late; }) },
        { name: labels.actual, type: 'scatter', symbol: 'triangle', symbolSize: 12,
          itemStyle: { color: function (p) { return p.data.row.late ? RED : GREEN; } },
          data: points(rows, 'actual', all) }
      ]
    };
  }

  function draw(el) {
    if (el.dataset.drawn) { return; }
    el.dataset.drawn = '1';
    var chart = JSON.parse(el.dataset.chart);
    el.style.height = Math.max(220, 36 * chart.milestones.length + 80) + 'px';
    var instance = window.echarts.init(el);
    instance.setOption(option(chart, JSON.parse(el.dataset.labels)));
    window.addEventListener('resize', function () { instance.resize(); });
  }

  var loading = false, waiting = [];
  function drawAll(root) {
    var found = root.matches && root.matches('.milestone-chart') ? [root] : [];
    found = found.concat(Array.from(root.querySelectorAll ? root.querySelectorAll('.milestone-chart') : []));
    if (found.length === 0) { return; }
    if (window.echarts) { found.forEach(draw); return; }
    waiting = waiting.concat(found);
    if (loading) { return; }
    loading = true;
    var script = document.createElement('script');
    script.src = found[0].dataset.echarts;
    script.onload = function () { waiting.forEach(draw); waiting = []; };
    document.head.appendChild(script);
  }

  window.milestoneChart = { drawAll: drawAll };
  document.addEventListener('htmx:load', function (e) { drawAll(e.detail.elt); });
  drawAll(document);
})();
