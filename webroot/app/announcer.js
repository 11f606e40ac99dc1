// Seed 002's announcer: "PING" every second and "NICKNAME" with the whole list on every change, both on topic
// "announcer" (what GET /listen sends), on the shared stream. POST /nickname sets this browser's nickname.

import { panel, element } from "./panel.js";

export function startAnnouncer(stream) {
  const view = panel("announcer");
  const counter = document.getElementById("ping-count");
  const list = document.getElementById("nickname-list");
  const form = document.getElementById("nickname-form");
  const input = document.getElementById("nickname-input");
  const uuid = browserUuid();
  let pings = 0;

  stream.follow("announcer", "announcer");
  stream.onState((state, words) => {
    view.state(state);
    if (state === "error") view.error(words);
    if (state === "connected") loadNicknames();
  });
  stream.on("PING", () => {
    pings += 1;
    counter.textContent = String(pings);
  });
  stream.on("NICKNAME", (e) => {
    try {
      show(JSON.parse(e.data).nicknames);
    } catch (err) {
      view.error("A NICKNAME event could not be read: " + err.message);
    }
  });
  form.onsubmit = async (e) => {
    e.preventDefault();
    const name = input.value.trim();
    if (!name) {
      view.error("Type a nickname first.");
      return;
    }
    try {
      const response = await fetch("nickname", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ name, uuid })
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(body.message || "the hub answered " + response.status);
      view.error("");
    } catch (err) {
      view.error("The nickname was not set: " + err.message);
    }
  };

  async function loadNicknames() {
    try {
      const response = await fetch("nicknames");
      if (!response.ok) throw new Error("GET /nicknames answered " + response.status);
      show((await response.json()).nicknames);
    } catch (err) {
      view.error("The nickname list could not be read: " + err.message);
    }
  }

  function show(names) {
    if (!Array.isArray(names)) return;
    list.replaceChildren(...(names.length ? names.map((n) => element("li", "", n)) : [element("li", "empty", "none yet")]));
  }
}

/** One uuid per browser tab, so that setting a nickname again renames this tab instead of adding a name. */
function browserUuid() {
  let id = sessionStorage.getItem("announcerUuid");
  if (!id) {
    id = crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random();
    sessionStorage.setItem("announcerUuid", id);
  }
  return id;
}
