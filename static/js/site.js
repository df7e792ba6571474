// Keyboard focus and history around htmx swaps. Every page works without this file; it
// only keeps the smoother, swapping version as easy to use as the full page loads.
"use strict";

(function () {
  // After a swap, focus stays where it was when that control survived (htmx puts it back
  // on an element with the same id). Where the control that was used went away with the
  // old content (Swap, a suggested pair, "Clear the mark"), focus would fall to the body
  // and the next Tab would jump to the footer: put it on the new result's heading.
  function focusLost() {
    const active = document.activeElement;
    return !active || active === document.body || active === document.documentElement;
  }

  function headingOf(part) {
    return part.querySelector("h2") || part;
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    const target = event.detail && event.detail.target;
    if (!target || !focusLost()) return;
    // An outerHTML swap replaces the target: find its successor by id.
    const part = target.isConnected ? target : document.getElementById(target.id);
    if (!part) return;
    const heading = headingOf(part);
    if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: false });
  });

  // History. A pause in typing replaces the current entry (the input asks htmx to
  // replace); a committed search pushes a new one. The entry a pause changed first goes
  // back to the address it was committed with, so Back returns to the last search the
  // user committed, not to a half-typed one.
  function here() {
    return location.pathname + location.search;
  }

  // While the current entry shows a search only paused on, the address it was committed
  // with. Kept here, not in history.state, which htmx overwrites before each update.
  let draftOf = null;

  document.addEventListener("htmx:beforeHistoryUpdate", function (event) {
    const update = event.detail.history;
    if (update.type === "replace") {
      if (draftOf === null) draftOf = here();
      return;
    }
    const committed = draftOf === null ? here() : draftOf;
    draftOf = null;
    if (update.path === committed) {
      // Committing what this entry already was: no second, identical entry.
      update.type = "replace";
    } else if (committed !== here()) {
      history.replaceState({ htmx: true }, "", committed);
    }
  });

  window.addEventListener("popstate", function () {
    draftOf = null;
  });

  // Back or Forward pressed twice in quick succession asks the server for two pages: only
  // the last one asked for may be shown, however the answers arrive.
  let restoring = null;
  document.addEventListener("htmx:historyCacheMiss", function (event) {
    if (restoring) restoring.abort();
    restoring = event.detail.xhr;
  });
  document.addEventListener("htmx:historyCacheMissLoad", function () {
    restoring = null;
  });

  // Every form control of a GET form on this page shows what the address asks for: after
  // htmx restores a page from history, and when the browser brings a page back from its
  // cache with the values last typed into it.
  function syncFormsWithAddress() {
    const params = new URLSearchParams(location.search);
    for (const form of document.querySelectorAll("form[method='get']")) {
      if (new URL(form.action, location.href).pathname !== location.pathname) continue;
      for (const control of form.querySelectorAll("select[name], input[name]")) {
        if (control.type === "hidden" || control.type === "submit") continue;
        const value = params.get(control.name) || "";
        // A select keeps its choice when the address names none it has.
        const option = `option[value="${CSS.escape(value)}"]`;
        if (control.tagName === "SELECT" && !control.querySelector(option)) continue;
        control.value = value;
      }
    }
  }

  document.addEventListener("htmx:historyRestore", syncFormsWithAddress);
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) syncFormsWithAddress();
  });
})();
