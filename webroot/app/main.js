// The front page: shows its own origin in the curl examples, then starts one module per panel.
//
// Connections. Over HTTP/1.1 a browser keeps at most six connections open to one origin, and an EventSource holds
// one for as long as it is open; a seventh request (even a plain fetch to publish) would wait for a free one. So:
//   1. the shared stream: GET /subscribe?topic=clock&topic=announcer[&topic=v2.user.<name>] carries the clock,
//      the announcer and the per-user messages on ONE connection (told apart by event name);
//   2. the topic console: its own /subscribe stream, since it disconnects and resumes on its own;
//   3. alerts: GET /sse (the route adds the serving node); held only while the route exists;
//   4. monitor: GET /monitor/stream when the node has it, otherwise short polls of GET /monitor (no held connection);
//   5. reports: GET /v4/sse?user_id=, opened only after someone logs in.
// That is at most five held connections, which leaves at least one for publishing, sending and polling.
// Over HTTPS the hub speaks HTTP/2, where every stream shares one connection and the limit is the server's
// concurrent streams (100), so the clock, the announcer and the users each get a /subscribe stream of their own.

import { sharedStream } from "./shared-stream.js";
import { startClock } from "./clock.js";
import { startAnnouncer } from "./announcer.js";
import { startUsers } from "./users.js";
import { startConsole } from "./console.js";
import { startAlerts } from "./alerts.js";
import { startSwitchboard } from "./switchboard.js";
import { startMonitor } from "./monitor.js";
import { panel } from "./panel.js";

document.querySelectorAll(".origin").forEach((span) => { span.textContent = location.origin; });

const overHttp2 = location.protocol === "https:";
const shared = sharedStream("subscribe");
const streamFor = () => (overHttp2 ? sharedStream("subscribe") : shared);
startClock(streamFor());
startAnnouncer(streamFor());
startUsers(streamFor());
startConsole();
startAlerts();
startSwitchboard();
startMonitor();
followReports();

/** The report dashboard (app/reports.js) tells its stream's state; show it on the panel's badge too. */
function followReports() {
  const view = panel("reports-panel");
  const states = { live: "connected", waiting: "reconnecting", down: "error", idle: "idle" };
  document.addEventListener("reports-connection", (e) => {
    const state = states[e.detail.kind] || "error";
    view.state(state, state === "idle" ? "not logged in" : e.detail.text);
  });
}
