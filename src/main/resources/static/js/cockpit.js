// The cockpit's trend chart: the completion rate month by month against 序时进度 (time progress, m ÷ 12).
// The year-end forecast stands at December with its range. The map (一张图) places the projects over the
// boundaries of the child regions, coloured by stage or by their position against 序时进度.
// The page carries the data as JSON in data-chart and data-map; both are drawn again when htmx swaps the cockpit.
(function () {
  var BLUE = '#0d6efd', GREY = '#6c757d', RED = '#dc3545', GREEN = '#198754';
  var STAGE_COLOURS = ['#6f42c1', '#0dcaf0', '#fd7e14', '#0d6efd', '#198754', '#6c757d'];
  var POSITION_COLOURS = { ahead: GREEN, behind: RED, none: GREY };

  function draw(el) {
    if (el.dataset.drawn || !window.echarts) { return; }
    el.dataset.drawn = '1';
    var chart = JSON.parse(el.dataset.chart);
    // rates as published: 35.0%, not 35%
    var percent = function (v) { return v == null ? '—' : Number(v).toFixed(chart.decimals) + '%'; };
    var forecast = chart.forecast;
    var series = [
      { name: chart.labels.completion, type: 'bar', data: chart.completionRate, itemStyle: { color: BLUE },
        label: { show: true, position: 'top', formatter: function (p) { return percent(p.value); } } },
      { name: chart.labels.time, type: 'line', data: chart.timeProgress, symbol: 'circle',
        lineStyle: { color: GREY, type: 'dashed' }, itemStyle: { color: GREY } }
    ];
    if (forecast) {
      var colour = forecast.short ? RED : GREEN;
      series.push({ name: chart.labels.forecast, type: 'scatter', symbol: 'diamond', symbolSize: 14,
        itemStyle: { color: colour }, data: [[chart.months.length - 1, forecast.rate]],
        label: { show: true, position: 'top', color: colour,
          formatter: function () { return percent(forecast.rate) + '（' + percent(forecast.low) + '～' + percent(forecast.high) + '）'; } },
        tooltip: { valueFormatter: function () { return percent(forecast.rate) + '（' + percent(forecast.low) + '～' + percent(forecast.high) + '）'; } } });
    }
    var instance = window.echarts.init(el);
    instance.setOption({
      animation: false,
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: percent },
      xAxis: { type: 'category', data: chart.months },
      yAxis: { type: 'value', min: 0, axisLabel: { formatter: '{value}%' } },
      series: series
    });
    window.addEventListener('resize', function () { instance.resize(); });
  }

  // One series per stage or position, so that the legend names the colours.
  function mapSeries(map, by, geo) {
    var groups = by === 'stage' ? map.stages : map.positions;
    return Object.keys(groups).map(function (key, i) {
      return { name: groups[key], type: 'scatter', coordinateSystem: geo ? 'geo' : 'cartesian2d', symbolSize: 9,
        itemStyle: { color: by === 'stage' ? STAGE_COLOURS[i % STAGE_COLOURS.length] : POSITION_COLOURS[key] },
        data: map.points.filter(function (p) { return p[by] === key; })
          .map(function (p) { return { name: p.name, value: p.value }; }) };
    });
  }

  function drawMap(el) {
    if (el.dataset.drawn || !window.echarts) { return; }
    el.dataset.drawn = '1';
    var map = JSON.parse(el.dataset.map);
    // without uploaded boundaries the projects still stand at their longitude and latitude
    var geo = map.geo.features.length > 0;
    if (geo) { window.echarts.registerMap(map.name, map.geo); }
    var instance = window.echarts.init(el);
    var option = {
      animation: false,
      legend: { top: 0, type: 'scroll' },
      tooltip: { trigger: 'item', formatter: function (p) { return p.seriesName + '<br>' + p.name; } }
    };
    if (geo) {
      // on a phone the finger scrolls the page, not the map
      option.geo = { map: map.name, roam: window.innerWidth > 576, top: 40, bottom: 8, label: { show: true, fontSize: 11 },
        itemStyle: { areaColor: '#f8f9fa', borderColor: '#adb5bd' }, emphasis: { disabled: true } };
    } else {
      option.grid = { left: 8, right: 16, top: 40, bottom: 8, containLabel: true };
      option.xAxis = { type: 'value', scale: true };
      option.yAxis = { type: 'value', scale: true };
    }
    option.series = mapSeries(map, 'stage', geo);
    instance.setOption(option);
    var card = el.closest('.card');
    card.querySelectorAll('input[name="map-colour"]').forEach(function (input) {
      input.addEventListener('change', function () {
        instance.setOption({ series: mapSeries(map, input.value, geo) }, { replaceMerge: ['series'] });
      });
    });
    window.addEventListener('resize', function () { instance.resize(); });
  }

  function drawAll(root) {
    var found = function (selector) {
      var own = root.matches && root.matches(selector) ? [root] : [];
      return own.concat(Array.from(root.querySelectorAll ? root.querySelectorAll(selector) : []));
    };
    found('.cockpit-chart:not(.cockpit-map)').forEach(draw);
    found('.cockpit-map').forEach(drawMap);
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
