// Seed 000's switchboard: GET /ssec?m=<text> answers with the processed text, or exactly "no_reply" when the
// processors did not answer within 50 ms. A plain request, no stream; the panel times each one.

import { panel, probe, absentWords, isAbsent, element, prepend } from "./panel.js";

export function startSwitchboard() {
  const view = panel("switchboard");
  const input = document.getElementById("switchboard-input");
  const answers = document.getElementById("switchboard-answers");

  check();
  document.getElementById("switchboard-form").onsubmit = async (e) => {
    e.preventDefault();
    const started = performance.now();
    let response;
    let body;
    try {
      response = await fetch("ssec?m=" + encodeURIComponent(input.value));
      body = await response.text();
    } catch (err) {
      view.state("error");
      view.error("The hub could not be reached: " + err.message);
      return;
    }
    const millis = performance.now() - started;
    if (refused({ status: response.status, text: body })) return;
    view.state("ready");
    view.error("");
    const item = element("li", body === "no_reply" ? "no-reply" : "");
    item.append(element("span", "what", input.value + " → "), element("strong", "answer", body),
      element("span", "took", millis.toFixed(1) + " ms"));
    prepend(answers, item, 10);
  };

  /** GET /ssec without a message: the seed answers no_reply; an absent route answers 404. */
  async function check() {
    if (!refused(await probe("ssec"))) {
      view.state("ready");
      view.error("");
    }
  }

  /** Shows why the answer is a refusal and says true, or says false for an answer. */
  function refused(result) {
    const words = absentWords("GET /ssec", result, "The switchboard");
    if (words && isAbsent(result.status)) {
      view.absent(words);
    } else if (words) {
      view.state("error");
      view.error(words);
    }
    return Boolean(words);
  }
}
