// Seed 001's alerts: GET /sse, "NewAlert" events with {key, message, server}. Its own EventSource, because the
// route adds the serving node to each alert. When the route is absent the panel says so and checks again later.

import { openStream } from "./streams.js";
import { panel, probe, absentWords, isAbsent, element, prepend, clock } from "./panel.js";

const CHECK_AGAIN_MS = 15000;

export function startAlerts() {
  const view = panel("alerts");
  const list = document.getElementById("alerts-list");
  const server = document.getElementById("alerts-server");
  const count = document.getElementById("alerts-count");
  let alerts = 0;

  function open() {
    view.state("connecting");
    const source = openStream("sse");
    source.onopen = () => {
      view.state("connected");
      view.error("");
    };
    source.onerror = async () => {
      if (source.readyState === EventSource.CONNECTING) {
        view.state("reconnecting");
        return;
      }
      const result = await probe("sse");
      const words = (absentWords("GET /sse", result, "The alerts demo") || "The alert stream closed.")
        + " Checking again in " + CHECK_AGAIN_MS / 1000 + " s.";
      if (isAbsent(result.status)) {
        view.absent(words);
      } else {
        view.state("error");
        view.error(words);
      }
      setTimeout(open, CHECK_AGAIN_MS);
    };
    source.addEventListener("NewAlert", (e) => {
      let alert;
      try {
        alert = JSON.parse(e.data);
      } catch (err) {
        view.error("An alert could not be read: " + err.message);
        return;
      }
      alerts += 1;
      count.textContent = String(alerts);
      server.textContent = alert.server || "?";
      const item = element("li");
      item.append(element("span", "when", clock()), element("span", "key", "key " + alert.key),
        element("span", "what", alert.message), element("span", "node", "from " + alert.server));
      prepend(list, item, 30);
    });
  }
  open();
}
