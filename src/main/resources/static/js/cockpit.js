// The cockpit's trend chart: the completion rate month by month against 序时进度 (time progress, m ÷ 12).
// The page carries the data as JSON in data-chart; the chart is drawn again when htmx swaps the cockpit.
(function () {
  var BLUE = '#0d6efd', GREY = '#6c757d';

  function draw(el) {
    if (el.dataset.drawn || !window.echarts) { return; }
    el.dataset.drawn = '1';
    var chart = JSON.parse(el.dataset.chart);
    // rates as published: 35.0%, not 35%
    var percent = function (v) { return v == null ? '—' : Number(v).toFixed(chart.decimals) + '%'; };
    var instance = window.echarts.init(el);
    instance.setOption({
      animation: false,
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: percent },
      xAxis: { type: 'category', data: chart.months },
      yAxis: { type: 'value', min: 0, axisLabel: { formatter: '{value}%' } },
      series: [
        { name: chart.labels.completion, type: 'bar', data: chart.completionRate, itemStyle: { color: BLUE },
          label: { show: true, position: 'top', formatter: function (p) { return percent(p.value); } } },
        { name: chart.labels.time, type: 'line', data: chart.timeProgress, symbol: 'circle',
          lineStyle: { color: GREY, type: 'dashed' }, itemStyle: { color: GREY } }
      ]
    });
    window.addEventListener('resize', function () { instance.resize(); });
  }

  function drawAll(root) {
    var found = root.matches && root.matches('.cockpit-chart') ? [root] : [];
    found.concat(Array.from(root.querySelectorAll ? root.querySelectorAll('.cockpit-chart') : [])).forEach(draw);
  }

  // A year chosen keeps the month: the period options follow the year before htmx sends the form.
  document.addEventListener('change', function (e) {
    if (e.target.id !== 'cockpit-year') { return; }
    var period = document.getElementById('cockpit-period-select');
    Array.from(period.options).forEach(function (o) { o.value = e.target.value + o.value.substring(4); });
  }, true);

  document.addEventListener('htmx:load', function (e) { drawAll(e.detail.elt); });
  drawAll(document);
})();
