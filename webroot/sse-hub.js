/**
 * sse-hub.js: the browser client of an sse-hub. One ES module, no dependency, no build step; the hub serves it at
 * /sse-hub.js. The whole API (docs/client.md says more):
 *
 *   import { subscribe } from "/sse-hub.js";
 *
 *   const stream = subscribe(["news", "alerts"], {
 *     onEvent({ topic, id, event, data }) {},    // event is "message" for an unnamed event; data is the text
 *     onReset({ topic, lastEventId, reason }) {}, // the hub's history no longer reaches back to lastEventId
 *     onState(state, info) {},                    // "connecting" | "open" | "closed"; info below
 *     lastEventId: "1795456808941-0",             // optional: resume after this id
 *     hub: "https://hub.example.com/",            // optional: the hub this module was loaded from by default
 *     token: async () => "<JWT>",                 // optional: called for a token whenever one is needed
 *     tokenIn: "cookie",                          // or "query": ?access_token= (the hub needs auth.queryToken)
 *     cookie: "ssehub_token",                     // the hub's auth.cookie
 *     refreshSeconds: 30,                         // ask for a new token this long before the current one expires
 *     backoff: { firstMillis: 1000, maxMillis: 30000 },
 *     withCredentials: false                      // EventSource's: send cookies to a hub on another origin
 *   });
 *   stream.lastEventId;       // the id of the newest event received (or the one given), null before any
 *   stream.state;             // the current state
 *   stream.setTopics(["news"]); // follow another set of topics on a new stream, resuming after lastEventId
 *   stream.close();           // for good; onState("closed", { reconnectInMillis: null })
 *
 * One stream carries every topic: GET /subscribe?topic=a&topic=b&format=json, where each event comes unnamed
 * with its id and {"topic", "event", "data"} as its data, so events of every name reach onEvent, each with its
 * topic. A stream opened after an event was received passes that id as ?lastEventId= and the hub replays what
 * was missed; when its history does not reach back that far, it says so per topic (onReset) and sends what it
 * still keeps.
 *
 * Reconnecting. A stream that drops is reopened by the browser itself after the hub's retry: hint, with the
 * Last-Event-ID header; meanwhile the state is "connecting". An answer that is not a 200 event stream (a 5xx, a
 * 401 or 403, a proxy's error page) makes the browser give up; then this module opens a new stream after an
 * exponential back-off with jitter (firstMillis doubled per failed attempt up to maxMillis, then a random
 * 50 to 100 % of that), asking for a new token first, and reports onState("closed", { attempt, reconnectInMillis,
 * reason }) before it and onState("connecting", { attempt }) when it starts. onState("open", {}) resets the count.
 *
 * Tokens. A browser's EventSource cannot send an Authorization header, so the token goes in the cookie
 * (default; path=/, SameSite=Strict, Secure over HTTPS) or in the query. token() is called before the first
 * stream, refreshSeconds before the token's exp (or at half its life when that is shorter), when the hub ends a
 * stream with event: token-expired, and before reconnecting after a refusal. After a refresh the stream is
 * reopened with the new token, resuming after the last id, since the hub ends a stream when the token that opened
 * it expires. A token that is not a JWT with an exp, or has expired already, is used until a refusal.
 *
 * Leaving the page closes the stream, so that a page kept in the back/forward cache holds no connection; shown
 * again from that cache, the stream reopens and resumes.
 */

const DEFAULTS = {
  lastEventId: null,
  token: null,
  tokenIn: "cookie",
  cookie: "ssehub_token",
  refreshSeconds: 30,
  backoff: { firstMillis: 1000, maxMillis: 30000 },
  withCredentials: false
};
const QUERY_TOKEN = "access_token";
/** A token() that keeps answering tokens about to expire is not asked more often than this. */
const MIN_REFRESH_MILLIS = 1000;
const live = new Set();

export function subscribe(topics, options = {}) {
  const settings = { ...DEFAULTS, ...options, backoff: { ...DEFAULTS.backoff, ...options.backoff } };
  const hub = new URL(settings.hub || new URL(".", import.meta.url));
  const call = (name, ...args) => {
    if (typeof settings[name] === "function") settings[name](...args);
  };
  let followed = checkedTopics(topics);
  let lastEventId = settings.lastEventId || null;
  let token = null;
  let source = null;
  let state = "closed";
  let attempt = 0;
  let retryTimer = null;
  let refreshTimer = null;
  let ended = false;
  let opening = 0;

  function setState(next, info = {}) {
    state = next;
    call("onState", next, info);
  }

  function url() {
    const address = new URL("subscribe", hub);
    followed.forEach((topic) => address.searchParams.append("topic", topic));
    address.searchParams.set("format", "json");
    if (lastEventId) address.searchParams.set("lastEventId", lastEventId);
    if (token && settings.tokenIn === "query") address.searchParams.set(QUERY_TOKEN, token);
    return address.href;
  }

  async function open(renewToken) {
    stop();
    if (ended) return;
    const generation = ++opening;
    setState("connecting", { attempt });
    try {
      if (settings.token && (renewToken || token === null)) await renew();
    } catch (err) {
      if (generation === opening) retry("the token callback failed: " + (err && err.message ? err.message : err));
      return;
    }
    if (ended || generation !== opening) return;
    const current = new EventSource(url(), { withCredentials: Boolean(settings.withCredentials) });
    source = current;
    const mine = (handler) => (e) => {
      if (current === source) handler(e);
    };
    current.onopen = mine(() => {
      attempt = 0;
      setState("open", {});
    });
    current.onmessage = mine(deliver);
    current.addEventListener("reset", mine(reset));
    current.addEventListener("token-expired", mine(() => open(true)));
    current.onerror = mine(() => {
      if (current.readyState === EventSource.CONNECTING) {
        setState("connecting", { attempt, reason: "the stream dropped; the browser reconnects by itself" });
      } else {
        retry("the hub refused the stream or answered with something that is not an event stream");
      }
    });
  }

  function deliver(e) {
    if (e.lastEventId) lastEventId = e.lastEventId;
    let body;
    try {
      body = JSON.parse(e.data);
    } catch (err) {
      body = { topic: followed.length === 1 ? followed[0] : null, data: e.data };
    }
    call("onEvent", { topic: body.topic, id: e.lastEventId || null, event: body.event || "message", data: body.data });
  }

  function reset(e) {
    let notice;
    try {
      notice = JSON.parse(e.data);
    } catch (err) {
      notice = { topic: null, reason: e.data };
    }
    call("onReset", { topic: notice.topic, lastEventId: notice.lastEventId || lastEventId, reason: notice.reason });
  }

  /** The browser gave up on the stream: a new one after the back-off, with a new token. */
  function retry(reason) {
    stop();
    if (ended) return;
    const ceiling = Math.min(settings.backoff.maxMillis, settings.backoff.firstMillis * 2 ** attempt);
    const delay = Math.round(ceiling / 2 + Math.random() * ceiling / 2);
    attempt += 1;
    setState("closed", { attempt, reconnectInMillis: delay, reason });
    retryTimer = setTimeout(() => open(true), delay);
  }

  async function renew() {
    clearTimeout(refreshTimer);
    token = String(await settings.token());
    if (settings.tokenIn === "cookie") {
      document.cookie = settings.cookie + "=" + encodeURIComponent(token) + "; path=/; SameSite=Strict"
        + (location.protocol === "https:" ? "; Secure" : "");
    }
    const expires = expiryMillis(token);
    const life = expires === null ? 0 : expires - Date.now();
    if (life > 0) {
      const lead = Math.min(settings.refreshSeconds * 1000, life / 2);
      refreshTimer = setTimeout(() => open(true), Math.max(MIN_REFRESH_MILLIS, life - lead));
    }
  }

  function stop() {
    clearTimeout(retryTimer);
    if (source) source.close();
    source = null;
  }

  const stream = {
    get lastEventId() {
      return lastEventId;
    },
    get state() {
      return state;
    },
    get topics() {
      return [...followed];
    },
    setTopics(next) {
      followed = checkedTopics(next);
      if (!ended) open(false);
    },
    close() {
      ended = true;
      stop();
      clearTimeout(refreshTimer);
      live.delete(stream);
      setState("closed", { reconnectInMillis: null });
    },
    /** For the page's back/forward cache: close the connection now, open it again later. */
    pause() {
      opening += 1;
      stop();
      clearTimeout(refreshTimer);
    },
    resume() {
      if (!ended) open(Boolean(settings.token));
    }
  };
  live.add(stream);
  open(false);
  return stream;
}

function checkedTopics(topics) {
  const list = [...new Set(Array.isArray(topics) ? topics : [topics])].filter(Boolean).map(String);
  if (list.length === 0) throw new TypeError("subscribe() needs at least one topic name");
  return list;
}

/** The exp claim of a JWT in epoch milliseconds, or null for anything else. */
function expiryMillis(token) {
  const payload = token.split(".")[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")));
    return Number.isFinite(claims.exp) ? claims.exp * 1000 : null;
  } catch (err) {
    return null;
  }
}

addEventListener("pagehide", () => live.forEach((stream) => stream.pause()));
addEventListener("pageshow", (e) => {
  if (e.persisted) live.forEach((stream) => stream.resume());
});
