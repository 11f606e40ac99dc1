// Seed 004 v4's report dashboard: log in with a user UUID, create reports, move them along the valid transitions,
// and see every change pushed on GET /v4/sse?user_id=. One implementation for reports.html and the front page:
// a classic script that draws itself into #report-app. It opens its stream only once someone logs in.
// Tell the page about the stream: a "reports-connection" event on document with detail {text, kind}.
"use strict";
window.reportDashboard = (() => {
  // The valid moves of a report and the colours of the seed's frontend.
  const NEXT = {
    pending: ["queued", "canceled"],
    queued: ["processing", "canceled"],
    processing: ["completed", "failed"],
    failed: ["pending"],
    canceled: ["pending"],
    completed: []
  };
  const COLOURS = {
    pending: "yellow", queued: "orange", processing: "#93C47D",
    canceled: "#E06666", failed: "red", completed: "green"
  };
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const MARKUP = `
  <section id="login">
    <h1>Login</h1>
    <label>User ID (UUID): <input name="userIdInput" id="user-id-input" autocomplete="off"></label>
    <button id="login-button">Login</button>
    <button id="generate-button" title="Fill in a new random UUID">Generate one</button>
    <p id="login-error" class="error" hidden>User ID must be a UUID</p>
  </section>
  <section id="dashboard" hidden>
    <h1>Report Status</h1>
    <p>User ID: <code id="user-id"></code> <button id="logout-button">Log out</button></p>
    <p>Live updates: <span id="connection" class="waiting">connecting…</span></p>
    <p id="error" class="error" role="alert" hidden></p>
    <button id="new-report" class="new-report">Create New Report</button>
    <table>
      <thead><tr><th></th><th>Report Status</th><th>Report ID</th><th>Move to</th></tr></thead>
      <tbody id="reports"></tbody>
    </table>
    <p id="empty">No reports yet.</p>
  </section>`;
  const $ = (id) => document.getElementById(id);

  let userId = null;
  let source = null;

  function newUuid() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function url(path) {
    return "v4/" + path + "?user_id=" + encodeURIComponent(userId);
  }

  function showError(text) {
    $("error").textContent = text;
    $("error").hidden = !text;
  }

  function setConnection(text, kind) {
    $("connection").textContent = text;
    $("connection").className = kind;
    document.dispatchEvent(new CustomEvent("reports-connection", { detail: { text, kind } }));
  }

  async function call(method, path, body) {
    let response;
    try {
      response = await fetch(url(path), {
        method,
        headers: body ? { "Content-Type": "application/json" } : {},
        body: body ? JSON.stringify(body) : undefined
      });
    } catch (e) {
      throw new Error("The hub could not be reached (" + e.message + ").");
    }
    if (!response.ok) {
      const text = (await response.text()).trim();
      throw new Error(text || ("The hub answered " + response.status + "."));
    }
    return response;
  }

  function login(id) {
    userId = id.toLowerCase();
    sessionStorage.setItem("reportsUserId", userId);
    $("login").hidden = true;
    $("dashboard").hidden = false;
    $("user-id").textContent = userId;
    connect();
    loadReports();
  }

  function logout() {
    if (source) source.close();
    source = null;
    userId = null;
    sessionStorage.removeItem("reportsUserId");
    $("reports").replaceChildren();
    showError("");
    $("dashboard").hidden = true;
    $("login").hidden = false;
    document.dispatchEvent(new CustomEvent("reports-connection", { detail: { text: "not logged in", kind: "idle" } }));
  }

  function connect() {
    setConnection("connecting…", "waiting");
    source = new EventSource(url("sse"));
    source.onopen = () => {
      setConnection("connected", "live");
      loadReports();
    };
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        setConnection("disconnected: the hub refused the stream; reload the page to try again", "down");
      } else {
        setConnection("connection lost, reconnecting…", "waiting");
      }
    };
    source.addEventListener("report_status_update", (e) => {
      const update = JSON.parse(e.data);
      if (!showStatus(update.id, update.status)) loadReports();
    });
  }

  async function loadReports() {
    try {
      const reports = await (await call("GET", "reports")).json();
      const ids = new Set(reports.map((report) => report.reportId));
      Array.from($("reports").rows).filter((tr) => !ids.has(tr.dataset.reportId)).forEach((tr) => tr.remove());
      for (const report of reports) {
        const tr = findRow(report.reportId);
        if (tr) {
          if (tr.dataset.status !== report.reportStatus) paint(tr, report.reportStatus);
        } else {
          $("reports").append(row(report));
        }
      }
      $("empty").hidden = reports.length > 0;
    } catch (e) {
      showError("Could not list the reports: " + e.message);
    }
  }

  async function createReport() {
    try {
      const report = await (await call("POST", "new/report")).json();
      if (!findRow(report.reportId)) $("reports").append(row(report));
      $("empty").hidden = true;
      showError("");
    } catch (e) {
      showError("Could not create a report: " + e.message);
    }
  }

  async function move(reportId, status) {
    try {
      await call("PUT", "report", { id: reportId, status });
      showError("");
      if (source === null || source.readyState !== EventSource.OPEN) loadReports();
    } catch (e) {
      showError("Could not move report " + reportId + " to " + status + ": " + e.message);
    }
  }

  function findRow(reportId) {
    return Array.from($("reports").rows).find((tr) => tr.dataset.reportId === reportId);
  }

  function row(report) {
    const tr = document.createElement("tr");
    tr.dataset.reportId = report.reportId;
    tr.innerHTML = '<td><span class="status-circle"></span></td><td class="status-text"></td>'
      + '<td class="report-id"></td><td class="actions"></td>';
    tr.querySelector(".report-id").textContent = report.reportId;
    paint(tr, report.reportStatus);
    return tr;
  }

  function showStatus(reportId, status) {
    const tr = findRow(reportId);
    if (tr) paint(tr, status);
    return Boolean(tr);
  }

  function paint(tr, status) {
    tr.dataset.status = status;
    tr.querySelector(".status-text").textContent = status;
    tr.querySelector(".status-circle").style.backgroundColor = COLOURS[status] || "blue";
    const buttons = (NEXT[status] || []).map((next) => {
      const button = document.createElement("button");
      button.textContent = next;
      button.dataset.status = next;
      button.onclick = () => move(tr.dataset.reportId, next);
      return button;
    });
    tr.querySelector(".actions").replaceChildren(...buttons);
  }

  function mount() {
    $("report-app").innerHTML = MARKUP;
    $("login-button").onclick = () => {
      const value = $("user-id-input").value.trim();
      $("login-error").hidden = UUID.test(value);
      if (UUID.test(value)) login(value);
    };
    $("user-id-input").onkeydown = (e) => { if (e.key === "Enter") $("login-button").click(); };
    $("generate-button").onclick = () => { $("user-id-input").value = newUuid(); };
    $("logout-button").onclick = logout;
    $("new-report").onclick = createReport;
    const remembered = sessionStorage.getItem("reportsUserId");
    if (remembered && UUID.test(remembered)) login(remembered);
  }

  // Leaving the page closes the stream, so that a page kept in the back/forward cache holds no connection
  // (see app/streams.js); shown again from that cache, the page reloads.
  addEventListener("pagehide", () => {
    if (source) source.close();
    source = null;
  });
  addEventListener("pageshow", (e) => { if (e.persisted) location.reload(); });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
  return { move, login, logout };
})();
