// Seed 004 v2/v3 per-user messages. Connecting as <name> follows topic "<version>.user.<name>" on the shared stream
// (exactly what GET /<version>/sse?username=<name> follows, without a connection of its own); Send is the seed's
// POST /<version>/message?username=<to> with the text as the body (204; a user nobody follows gets nothing).

import { panel, element, prepend, clock } from "./panel.js";

const TOPIC_SAFE = /^[A-Za-z0-9_.:~-]{1,100}$/;

export function startUsers(stream) {
  const view = panel("users");
  const version = document.getElementById("users-version");
  const name = document.getElementById("users-name");
  const to = document.getElementById("users-to");
  const text = document.getElementById("users-text");
  const received = document.getElementById("users-received");
  const note = document.getElementById("users-note");
  let me = null;

  stream.onState((state, words, topics) => {
    if (!me) return;
    view.state(state, state === "connected" ? "connected as " + me.name : undefined);
    if (state === "error") view.error(words);
  });
  stream.on("message", (e) => {
    if (!me) return;
    const item = element("li");
    item.append(element("span", "when", clock()), element("span", "what", e.data));
    prepend(received, item);
  });
  stream.onReset((notice) => {
    if (me && notice.topic === me.topic) view.error("Some messages may have been missed: " + notice.reason + ".");
  });

  document.getElementById("users-login").onsubmit = (e) => {
    e.preventDefault();
    const wanted = name.value.trim();
    if (!TOPIC_SAFE.test(wanted)) {
      view.error("Use 1 to 100 letters, digits or _ . : ~ - for the user name on this page.");
      return;
    }
    me = { name: wanted, version: version.value, topic: version.value + ".user." + wanted };
    if (!to.value.trim()) to.value = wanted;
    view.error("");
    note.textContent = "Following topic " + me.topic + ", as GET /" + me.version + "/sse?username=" + wanted + " does.";
    stream.follow("users", me.topic);
  };

  document.getElementById("users-send").onsubmit = async (e) => {
    e.preventDefault();
    const recipient = to.value.trim() || (me && me.name);
    const v = me ? me.version : version.value;
    if (!recipient) {
      view.error("Say who the message is for (connect first to send to yourself).");
      return;
    }
    try {
      const response = await fetch(v + "/message?username=" + encodeURIComponent(recipient), {
        method: "POST",
        headers: { "Content-Type": "text/plain; charset=utf-8" },
        body: text.value
      });
      if (response.status !== 204) throw new Error("the hub answered " + response.status + ": " + (await response.text()).trim());
      view.error("");
    } catch (err) {
      view.error("The message was not sent: " + err.message);
    }
  };
}
