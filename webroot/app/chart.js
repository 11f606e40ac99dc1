// A small hand-drawn time chart on a <canvas>: one band per series, each scaled to its own maximum,
// the newest point on the right. No library. Its text alternative (the canvas's aria-label, and the element its
// data-text attribute names) says the newest value and the highest of each series.

const COLOURS = ["#1f6feb", "#d9480f"];

export function timeChart(canvas, seriesNames, capacity = 60) {
  const series = seriesNames.map((name) => ({ name, label: name, values: [] }));

  function push(values) {
    series.forEach((s, i) => {
      s.values.push(Number.isFinite(values[i]) ? values[i] : NaN);
      if (s.values.length > capacity) s.values.shift();
    });
    canvas.dataset.points = String(series[0].values.length);
    draw();
    describe();
  }

  /** The chart's text alternative: its aria-label, and the text of the element named by data-text, if any. */
  function describe() {
    const figures = series.map((s) => {
      const finite = s.values.filter(Number.isFinite);
      const now = finite.length ? format(finite[finite.length - 1]) : "no value";
      return s.label + " " + now + " (highest " + format(Math.max(0, ...finite)) + ")";
    });
    const text = "Last " + series[0].values.length + " samples, newest: " + figures.join("; ") + ".";
    canvas.setAttribute("aria-label", "Chart of " + series.map((s) => s.label).join(" and ") + ". " + text);
    const alternative = canvas.dataset.text && document.getElementById(canvas.dataset.text);
    if (alternative) alternative.textContent = text;
  }

  function label(i, text) {
    series[i].label = text;
  }

  function draw() {
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || canvas.width;
    const height = canvas.clientHeight || canvas.height;
    if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
    if (canvas.height !== Math.round(height * ratio)) canvas.height = Math.round(height * ratio);
    const g = canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    const band = height / series.length;
    series.forEach((s, i) => drawBand(g, s, COLOURS[i % COLOURS.length], i * band, band, width));
  }

  function drawBand(g, s, colour, top, band, width) {
    const pad = { left: 8, right: 8, top: 20, bottom: 6 };
    const plotTop = top + pad.top;
    const plotHeight = band - pad.top - pad.bottom;
    const finite = s.values.filter(Number.isFinite);
    const max = Math.max(1, ...finite);
    const now = finite.length ? finite[finite.length - 1] : NaN;
    g.font = "12px system-ui, sans-serif";
    g.fillStyle = "#333";
    g.textBaseline = "top";
    g.fillText(s.label + ": " + (Number.isFinite(now) ? format(now) : "–"), pad.left, top + 3);
    g.fillStyle = "#57606a";
    g.textAlign = "right";
    g.fillText("last " + capacity + " samples · max " + format(max), width - pad.right, top + 3);
    g.textAlign = "left";
    g.strokeStyle = "#e3e3e3";
    g.lineWidth = 1;
    g.beginPath();
    g.moveTo(pad.left, plotTop + plotHeight + 0.5);
    g.lineTo(width - pad.right, plotTop + plotHeight + 0.5);
    g.stroke();
    const step = (width - pad.left - pad.right) / Math.max(1, capacity - 1);
    const x0 = width - pad.right - (s.values.length - 1) * step;
    g.strokeStyle = colour;
    g.lineWidth = 2;
    g.beginPath();
    let drawing = false;
    s.values.forEach((v, i) => {
      if (!Number.isFinite(v)) {
        drawing = false;
        return;
      }
      const x = x0 + i * step;
      const y = plotTop + plotHeight - (v / max) * plotHeight;
      if (drawing) g.lineTo(x, y); else g.moveTo(x, y);
      drawing = true;
    });
    g.stroke();
    g.fillStyle = colour;
    s.values.forEach((v, i) => {
      if (Number.isFinite(v) && (s.values.length < 20 || i === s.values.length - 1)) {
        g.beginPath();
        g.arc(x0 + i * step, plotTop + plotHeight - (v / max) * plotHeight, 2.5, 0, 2 * Math.PI);
        g.fill();
      }
    });
  }

  function format(v) {
    return Number.isInteger(v) ? String(v) : v.toFixed(1);
  }

  window.addEventListener("resize", draw);
  draw();
  return { push, label };
}
