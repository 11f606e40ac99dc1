// The node's figures, once a second: from GET /monitor/stream (an SSE stream of figures) when this node has it,
// otherwise by polling GET /monitor every second. Field names differ between versions, so the panel shows every
// field it gets and charts the first it recognises for connections and for events per second (or, failing that,
// a rate worked out from a growing counter such as eventsDelivered).

import { openStream } from "./streams.js";
import { panel, probe, absentWords, isAbsent, element } from "./panel.js";
import { timeChart } from "./chart.js";

const CONNECTIONS = ["connections", "openConnections", "openStreams", "open_streams", "streams"];
const RATES = ["eventsPerSecond", "events_per_second", "eventsPerSec", "eps", "rate"];
const COUNTERS = ["eventsPublished", "events_published", "published", "events", "eventsDelivered"];
const KEY_FIGURES = [CONNECTIONS, ["topics", "topicCount"], ["cpu_usage", "cpu"], ["memory_usage", "memory"]];
const STREAM_EVENTS = ["message", "monitor", "stats", "figures", "node"];
const POLL_MS = 1000;

export function startMonitor() {
  const view = panel("monitor");
  const figures = document.getElementById("monitor-figures");
  const keys = document.getElementById("monitor-key-figures");
  const count = document.getElementById("monitor-figure-count");
  const chart = timeChart(document.getElementById("monitor-chart"), ["connections", "events/s"]);
  let previous = null;   // {counter name, value, at} for a derived rate
  let pollTimer = null;

  function connect() {
    view.state("connecting");
    const source = openStream("monitor/stream");
    source.onopen = () => view.state("connected", "connected (/monitor/stream)");
    source.onerror = async () => {
      if (source.readyState === EventSource.CONNECTING) {
        view.state("reconnecting");
        return;
      }
      const result = await probe("monitor/stream");
      if (isAbsent(result.status)) {
        startPolling();
      } else {
        view.state("error");
        view.error(absentWords("GET /monitor/stream", result, "The monitor stream") || "The monitor stream closed.");
        setTimeout(connect, 5000);
      }
    };
    STREAM_EVENTS.forEach((name) => source.addEventListener(name, (e) => {
      try {
        show(JSON.parse(e.data));
      } catch (err) {
        view.error("A monitor event could not be read: " + err.message);
      }
    }));
  }

  function startPolling() {
    view.state("polling", "polling /monitor every second");
    poll();
  }

  async function poll() {
    try {
      const response = await fetch("monitor", { cache: "no-store" });
      if (!response.ok) {
        const words = absentWords("GET /monitor", { status: response.status, text: await response.text() }, "The monitor");
        if (isAbsent(response.status)) {
          view.absent(words);
        } else {
          view.state("error");
          view.error(words);
        }
      } else {
        show(await response.json());
        view.state("polling", "polling /monitor every second");
        view.error("");
      }
    } catch (err) {
      view.state("error");
      view.error("The hub could not be reached: " + err.message);
    }
    pollTimer = setTimeout(poll, POLL_MS);
  }

  function show(sample) {
    const flat = flatten(sample);
    const connections = first(flat, CONNECTIONS);
    let rate = first(flat, RATES);
    if (rate) {
      chart.label(1, "events/s");
    } else {
      rate = derivedRate(flat);
    }
    chart.label(0, connections ? connections.name : "connections");
    chart.push([connections ? connections.value : NaN, rate ? rate.value : NaN]);
    keys.replaceChildren(...KEY_FIGURES.map((names) => Object.keys(flat).find((k) => names.includes(k)))
      .filter(Boolean).map((k) => pair(k, String(flat[k]).replace(/^cpu_usage: /, ""))));
    count.textContent = String(Object.keys(flat).length);
    figures.replaceChildren(...Object.entries(flat).map(([k, v]) => pair(k, String(v))));
  }

  function derivedRate(flat) {
    const counter = first(flat, COUNTERS);
    if (!counter) return null;
    const now = performance.now();
    let value = NaN;
    if (previous && previous.name === counter.name && now > previous.at) {
      value = Math.max(0, (counter.value - previous.value) * 1000 / (now - previous.at));
    }
    previous = { name: counter.name, value: counter.value, at: now };
    chart.label(1, counter.name + "/s");
    return { value };
  }

  connect();
}

/** The first of `names` present as a number, at the top level or as the last part of a nested key. */
function pair(key, value) {
  const div = element("div");
  div.append(element("dt", "", key), element("dd", "", value));
  return div;
}

function first(flat, names) {
  for (const name of names) {
    const key = Object.keys(flat).find((k) => (k === name || k.endsWith("." + name)) && typeof flat[k] === "number");
    if (key) return { name: key, value: flat[key] };
  }
  return null;
}

/** {a: 1, b: {c: 2}} -> {a: 1, "b.c": 2} */
function flatten(object, prefix = "", out = {}) {
  for (const [key, value] of Object.entries(object || {})) {
    if (value && typeof value === "object" && !Array.isArray(value)) {
      flatten(value, prefix + key + ".", out);
    } else {
      out[prefix + key] = Array.isArray(value) ? value.join(", ") : value;
    }
  }
  return out;
}
