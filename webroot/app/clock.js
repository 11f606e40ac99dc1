// Seed 003's clock: the "ping" events of topic "clock" (what GET /remote sends), once a second, on the shared stream.

import { panel } from "./panel.js";

export function startClock(stream) {
  const view = panel("clock");
  const time = document.getElementById("clock-time");
  const raw = document.getElementById("clock-raw");
  const ticks = document.getElementById("clock-ticks");
  let count = 0;

  stream.follow("clock", "clock");
  stream.onState((state, words) => {
    view.state(state);
    view.error(state === "error" ? words : "");
  });
  stream.on("ping", (e) => {
    const seconds = parseFloat(e.data);
    if (!Number.isFinite(seconds)) return;
    count += 1;
    time.textContent = new Date(seconds * 1000).toLocaleTimeString([], { hour12: false });
    raw.textContent = e.data;
    ticks.textContent = String(count);
  });
}
