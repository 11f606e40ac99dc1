// One EventSource for every panel whose events come from hub topics with event names of their own:
// the clock (topic "clock", event "ping"), the announcer (topic "announcer", events "PING" and "NICKNAME") and the
// per-user messages (topic "v2.user.<name>" or "v3.user.<name>", unnamed events). GET /subscribe?topic=a&topic=b
// sends them all on one connection; the event names tell the panels apart, since the wire does not name the topic.
// A panel that changes its topic (a user connects) makes the stream reopen with the new set.

import { openStream } from "./streams.js";
import { probe, absentWords } from "./panel.js";

const RETRY_AFTER_REFUSAL_MS = 5000;

export function sharedStream(path) {
  const topics = new Map();          // owner -> topic
  const handlers = new Map();        // event name -> Set of functions
  const stateListeners = new Set();
  let source = null;
  let reopenQueued = false;
  let retryTimer = null;
  let last = { state: "idle", words: "" };

  function url() {
    const names = [...new Set(topics.values())];
    return path + "?" + names.map((t) => "topic=" + encodeURIComponent(t)).join("&");
  }

  function announce(state, words = "") {
    last = { state, words };
    stateListeners.forEach((fn) => fn(state, words, [...topics.values()]));
  }

  function open() {
    reopenQueued = false;
    clearTimeout(retryTimer);
    if (source) source.close();
    source = null;
    if (topics.size === 0) {
      announce("idle");
      return;
    }
    const current = openStream(url());
    source = current;
    announce("connecting");
    current.onopen = () => announce("connected");
    current.onerror = () => {
      if (current !== source) return;
      if (current.readyState === EventSource.CONNECTING) {
        announce("reconnecting", "The connection dropped; the browser reconnects and resumes after the last id.");
      } else {
        refused(current);
      }
    };
    for (const name of handlers.keys()) attach(current, name);
  }

  async function refused(closed) {
    const result = await probe(url());
    if (closed !== source) return;
    announce("error", (absentWords("GET /" + path, result, "The topic stream") || "The stream closed.")
        + " Trying again in " + RETRY_AFTER_REFUSAL_MS / 1000 + " s.");
    retryTimer = setTimeout(open, RETRY_AFTER_REFUSAL_MS);
  }

  function attach(target, name) {
    target.addEventListener(name, (e) => {
      if (target === source) handlers.get(name).forEach((fn) => fn(e));
    });
  }

  function reopenSoon() {
    if (!reopenQueued) {
      reopenQueued = true;
      queueMicrotask(open);
    }
  }

  return {
    /** Follows `topic` for `owner` (null stops following); reopens the stream when the set changes. */
    follow(owner, topic) {
      const before = url();
      if (topic) topics.set(owner, topic); else topics.delete(owner);
      if (url() !== before || !source) reopenSoon();
    },
    /** Calls fn(MessageEvent) for every event with this name ("message" for unnamed events). */
    on(name, fn) {
      if (!handlers.has(name)) {
        handlers.set(name, new Set());
        if (source) attach(source, name);
      }
      handlers.get(name).add(fn);
    },
    /** Calls fn(state, words, topics) now and on every change of the stream's state. */
    onState(fn) {
      stateListeners.add(fn);
      fn(last.state, last.words, [...topics.values()]);
    }
  };
}
