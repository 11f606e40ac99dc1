// One stream for every panel whose events come from hub topics: the clock (topic "clock", event "ping"), the
// announcer (topic "announcer", events "PING" and "NICKNAME") and the per-user messages (topic "v2.user.<name>" or
// "v3.user.<name>", unnamed events). The hub's browser module (/sse-hub.js) carries them all on one
// GET /subscribe?topic=a&topic=b connection, each event with its topic. A panel that changes its topic (a user
// connects) makes the stream reopen with the new set, resuming after the last id.

import { subscribe } from "../sse-hub.js";
import { probe, absentWords } from "./panel.js";

export function sharedStream(path) {
  const topics = new Map();          // owner -> topic
  const handlers = new Map();        // event name -> Set of functions
  const resetListeners = new Set();
  const stateListeners = new Set();
  let stream = null;
  let reopenQueued = false;
  let wasOpen = false;
  let last = { state: "idle", words: "" };

  function names() {
    return [...new Set(topics.values())];
  }

  function announce(state, words = "") {
    last = { state, words };
    stateListeners.forEach((fn) => fn(state, words, [...topics.values()]));
  }

  function dispatch(name, value) {
    (handlers.get(name) || []).forEach((fn) => fn(value));
  }

  /** The module's states in the panels' words: connecting, connected, reconnecting, error. */
  function stateChanged(state, info) {
    if (state === "open") {
      wasOpen = true;
      announce("connected");
    } else if (state === "connecting") {
      announce(wasOpen || info.attempt > 0 ? "reconnecting" : "connecting",
        wasOpen ? "The connection dropped; it resumes after the last id." : "");
    } else if (info.reconnectInMillis) {
      refused(stream, info.reconnectInMillis);
    }
  }

  async function refused(refusedStream, delay) {
    const result = await probe(path + "?" + names().map((t) => "topic=" + encodeURIComponent(t)).join("&"));
    if (refusedStream !== stream || stream.state === "open") return;
    announce("error", (absentWords("GET /" + path, result, "The topic stream") || "The stream closed.")
      + " Trying again in " + Math.ceil(delay / 1000) + " s.");
  }

  function open() {
    reopenQueued = false;
    if (topics.size === 0) {
      if (stream) stream.close();
      stream = null;
      announce("idle");
    } else if (stream) {
      wasOpen = false;
      stream.setTopics(names());
    } else {
      stream = subscribe(names(), {
        onEvent: (e) => dispatch(e.event, { data: e.data, lastEventId: e.id || "", type: e.event, topic: e.topic }),
        onReset: (notice) => resetListeners.forEach((fn) => fn(notice)),
        onState: stateChanged
      });
    }
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
      const before = names().join(" ");
      if (topic) topics.set(owner, topic); else topics.delete(owner);
      if (names().join(" ") !== before || !stream) reopenSoon();
    },
    /** Calls fn({data, lastEventId, type, topic}) for every event with this name ("message" for unnamed events). */
    on(name, fn) {
      if (!handlers.has(name)) handlers.set(name, new Set());
      handlers.get(name).add(fn);
    },
    /** Calls fn({topic, lastEventId, reason}) when the hub's history does not reach back to the last id. */
    onReset(fn) {
      resetListeners.add(fn);
    },
    /** Calls fn(state, words, topics) now and on every change of the stream's state. */
    onState(fn) {
      stateListeners.add(fn);
      fn(last.state, last.words, [...topics.values()]);
    }
  };
}
