// The topic console: one stream for the topics typed in, through the hub's browser module (/sse-hub.js, which opens
// GET /subscribe?topic=a&topic=b&format=json: every event with its topic and name), publishing with
// POST /topics/<topic>?event=<name>. Disconnect closes the stream; Reconnect opens it again with
// ?lastEventId=<id> (an EventSource cannot set the Last-Event-ID header on its first request; when the browser
// reconnects by itself it sends the header), and the hub replays what was missed, or sends a "reset" notice first
// when its history no longer reaches back to that id.

import { subscribe } from "../sse-hub.js";
import { panel, probe, absentWords, idMillis, clock, element } from "./panel.js";

const MAX_ROWS = 200;
const QUIET_ENDS_REPLAY_MS = 1000;

export function startConsole() {
  const view = panel("console");
  const $ = (id) => document.getElementById(id);
  const log = $("console-log");
  const lastIdInput = $("console-last-id");
  let stream = null;
  let topics = [];
  let replay = null;               // {since: millis the stream opened, count, timer} while replaying

  function parseList(text) {
    return [...new Set(text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean))];
  }

  function connect(resumeAfter) {
    disconnect(false);
    topics = parseList($("console-topics").value);
    if (topics.length === 0) {
      view.error("Name at least one topic to subscribe to.");
      return;
    }
    let url = "subscribe?" + topics.map((t) => "topic=" + encodeURIComponent(t)).join("&") + "&format=json";
    if (resumeAfter) url += "&lastEventId=" + encodeURIComponent(resumeAfter);
    $("console-url").textContent = "GET /" + url;
    view.error("");
    system(resumeAfter
      ? "Reconnecting to " + topics.join(", ") + " with Last-Event-ID " + resumeAfter
      : "Subscribing to " + topics.join(", ") + " (live events only)");
    view.state(resumeAfter ? "replaying" : "connecting");
    if (!resumeAfter) startReplay(false);
    let current = null;
    current = subscribe(topics, {
      lastEventId: resumeAfter,
      onEvent: show,
      onReset: reset,
      onState: (state, info) => {
        if (state === "open") opened();
        else if (state === "connecting" && current && info.reason) dropped();
        else if (state === "closed" && info.reconnectInMillis) failed(current, url, info.reconnectInMillis);
      }
    });
    stream = current;
  }

  function opened() {
    // The first open of a fresh subscription replays nothing; a reconnect (ours or the browser's own) may.
    if (replay && replay.expected) {
      view.state("replaying");
      replay.since = Date.now();
      armReplayEnd();
    } else {
      view.state("connected");
    }
  }

  function startReplay(expected) {
    clearTimeout(replay && replay.timer);
    replay = { expected, since: Date.now(), count: 0, timer: null };
  }

  function armReplayEnd() {
    clearTimeout(replay.timer);
    replay.timer = setTimeout(endReplay, QUIET_ENDS_REPLAY_MS);
  }

  function endReplay() {
    if (!replay || !replay.expected) return;
    system(replay.count === 0 ? "Nothing was missed." : "Replayed " + replay.count + " missed event(s); now live.");
    replay.expected = false;
    if (stream && stream.state === "open") view.state("connected");
  }

  function dropped() {
    view.state("reconnecting", "reconnecting… (will resume after " + (lastIdInput.value || "the start") + ")");
    startReplay(true);
  }

  async function failed(current, url, delay) {
    if (current !== stream) return;
    const result = await probe(url);
    if (current !== stream || current.state === "open") return;
    view.state("error");
    view.error((absentWords("GET /subscribe", result, "The topic API") || "The stream closed.")
      + " Trying again in " + Math.ceil(delay / 1000) + " s.");
  }

  function disconnect(say) {
    if (stream) {
      stream.close();
      stream = null;
      if (say) system("Disconnected. Publish something, then Reconnect to get it replayed.");
    }
    clearTimeout(replay && replay.timer);
    replay = null;
    view.state("closed");
  }

  function show(e) {
    const millis = idMillis(e.id);
    let replayed = false;
    if (replay && replay.expected) {
      replayed = millis < replay.since;
      if (replayed) {
        replay.count += 1;
        armReplayEnd();
      } else {
        endReplay();
      }
    }
    if (e.id) lastIdInput.value = e.id;
    row(replayed ? "replayed" : "", [clock(), e.id || "–", e.event, e.topic || "?", e.data]);
  }

  function reset(notice) {
    row("reset", [clock(), "–", "reset", notice.topic,
      "History of " + notice.topic + " does not reach back to id " + notice.lastEventId + ": " + notice.reason
        + ". What follows is everything still kept."]);
  }

  function system(text) {
    const tr = element("tr", "system");
    const td = element("td", "", clock() + "  " + text);
    td.colSpan = 5;
    tr.append(td);
    log.prepend(tr);
  }

  function row(kind, values) {
    const tr = element("tr", kind);
    values.forEach((value, i) => tr.append(element("td", ["when", "id", "event", "topic", "data"][i], value)));
    if (kind === "replayed") tr.cells[1].append(element("span", "tag", "replay"));
    log.prepend(tr);
    while (log.rows.length > MAX_ROWS) log.lastElementChild.remove();
    return tr;
  }

  async function publish(e) {
    e.preventDefault();
    const topic = $("console-pub-topic").value.trim();
    const event = $("console-pub-event").value.trim();
    const result = $("console-pub-result");
    try {
      const response = await fetch("topics/" + encodeURIComponent(topic) + (event ? "?event=" + encodeURIComponent(event) : ""), {
        method: "POST",
        headers: { "Content-Type": "text/plain; charset=utf-8" },
        body: $("console-pub-data").value
      });
      const text = await response.text();
      if (response.status !== 201) throw new Error(text.trim() || "the hub answered " + response.status);
      const answer = JSON.parse(text);
      result.textContent = "published as " + answer.id;
      view.error("");
    } catch (err) {
      result.textContent = "";
      view.error("Not published: " + err.message);
    }
  }

  $("console-subscribe").onsubmit = (e) => {
    e.preventDefault();
    lastIdInput.value = "";
    connect(null);
  };
  $("console-disconnect").onclick = () => disconnect(true);
  $("console-reconnect").onclick = () => {
    const id = lastIdInput.value.trim();
    connect(id || null);
    if (id) startReplay(true);
  };
  $("console-publish").onsubmit = publish;
  connect(null);
}
