// Draws gigasim's charts with ECharts: each {id, option} into the element `chart-<id>`. Shared by
// the HTML reports (inlined) and the planner page (served by gigasim serve). Custom series name
// their renderer, since the JSON cannot hold functions.
const GIGASIM_RENDERERS = {
  // Gantt bars: [row, start, end] on a category y axis and a value x axis.
  gantt(params, api) {
    const start = api.coord([api.value(1), api.value(0)]);
    const end = api.coord([api.value(2), api.value(0)]);
    const height = api.size([0, 1])[1] * 0.7;
    const shape = echarts.graphic.clipRectByRect(
      { x: start[0], y: start[1] - height / 2, width: Math.max(end[0] - start[0], 1), height },
      { x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height });
    return shape && { type: 'rect', shape, style: api.style() };
  },
};

function drawGigasimCharts(charts) {
  for (const chart of charts) {
    const option = structuredClone(chart.option);
    for (const series of option.series || []) {
      if (series.type === 'custom') series.renderItem = GIGASIM_RENDERERS[series.renderItem];
    }
    const element = document.getElementById('chart-' + chart.id);
    const existing = echarts.getInstanceByDom(element);
    if (existing) existing.dispose();
    echarts.init(element, null, { renderer: 'canvas' }).setOption(Object.assign({ animation: false }, option));
  }
}
