// What every panel shares: its connection badge, its error line, and how a route that is not there is told apart
// from a hub that cannot be reached.

const LABELS = {
  connecting: "connecting…",
  connected: "connected",
  reconnecting: "reconnecting…",
  replaying: "replaying missed events…",
  polling: "polling",
  absent: "not running on this node",
  closed: "disconnected",
  idle: "not connected",
  ready: "ready",
  error: "error"
};

/** A panel (a <section> with a .state badge and a .error line): set its state and show or clear an error. */
export function panel(id) {
  const root = document.getElementById(id);
  const badge = root.querySelector(":scope > header .state");
  const error = root.querySelector(":scope > .error");
  return {
    root,
    state(state, label) {
      badge.dataset.state = state;
      badge.textContent = label || LABELS[state] || state;
    },
    /** Shows a sentence saying what went wrong (null or "" clears it). */
    error(text) {
      error.classList.remove("note");
      error.textContent = text || "";
      error.hidden = !text;
    },
    /** The route is not on this node: a calm note rather than an error. */
    absent(text) {
      badge.dataset.state = "absent";
      badge.textContent = LABELS.absent;
      error.classList.add("note");
      error.textContent = text;
      error.hidden = false;
    }
  };
}

/** Whether an HTTP status means "this route is not on this node" (404, or 503 from a role that is not deployed). */
export function isAbsent(status) {
  return status === 404 || status === 503;
}

/**
 * Asks for a route once with fetch, only to learn its HTTP status (an EventSource never tells it), and stops
 * reading at once. Resolves to {status, text} or {status: 0, text: why it could not be reached}.
 */
export async function probe(url) {
  const abort = new AbortController();
  try {
    const response = await fetch(url, { signal: abort.signal, headers: { Accept: "text/event-stream, */*" } });
    const streaming = (response.headers.get("Content-Type") || "").startsWith("text/event-stream");
    const text = streaming ? "" : (await response.text()).trim();
    return { status: response.status, text };
  } catch (e) {
    return { status: 0, text: "the hub could not be reached (" + e.message + ")" };
  } finally {
    abort.abort();
  }
}

/** A sentence for a route that answered with a refusal; null when the answer means "it is there". */
export function absentWords(route, result, what) {
  if (result.status === 404 || result.status === 503) {
    return what + " is not running on this node: " + route + " answered " + result.status
      + ". Deploy that role on this node (or open the page on a node that runs it) to see it here.";
  }
  if (result.status === 0) {
    return "The hub could not be reached; is it still running? (" + result.text + ")";
  }
  if (result.status >= 400) {
    return route + " answered " + result.status + (plain(result.text) ? ": " + plain(result.text) : ".");
  }
  return null;
}

/** An HTML error page reduced to its words. */
export function plain(text) {
  return String(text || "").replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
}

/** The millisecond part of a hub event id (<millis>-<seq>), or NaN for anything else. */
export function idMillis(id) {
  const match = /^(\d+)-\d+$/.exec(id || "");
  return match ? Number(match[1]) : NaN;
}

export function clock(date = new Date()) {
  return date.toLocaleTimeString([], { hour12: false });
}

/** Prepends an element to a list and keeps only the newest `max` children. */
export function prepend(list, element, max = 50) {
  list.querySelector(":scope > .empty")?.remove();
  list.prepend(element);
  while (list.children.length > max) list.lastElementChild.remove();
}

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
