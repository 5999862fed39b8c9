/* Portal behaviour that used to sit in inline attributes, kept in a file so the
   Content-Security-Policy can forbid inline script and style. */
(function () {
  "use strict";

  /* <div data-swap-statuses="409 422"> : htmx swaps those error answers inside it (they carry
     the form with its messages) instead of dropping them. */
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = String(event.detail.xhr.status);
    var owner = event.target.closest ? event.target.closest("[data-swap-statuses]") : null;
    if (owner && owner.getAttribute("data-swap-statuses").split(/\s+/).indexOf(status) !== -1) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  /* <div data-progress="70"> : a progress bar's width, set through the CSSOM (allowed by the
     policy) rather than a style attribute (refused). */
  function drawProgress(root) {
    var bars = root.querySelectorAll ? root.querySelectorAll("[data-progress]") : [];
    for (var i = 0; i < bars.length; i++) {
      var percent = Math.max(0, Math.min(100, Number(bars[i].getAttribute("data-progress")) || 0));
      bars[i].style.width = percent + "%";
    }
  }
  /* <span data-bar-height="40"> : a bar of a small chart (Nightly jobs durations), likewise. */
  function drawBars(root) {
    var bars = root.querySelectorAll ? root.querySelectorAll("[data-bar-height]") : [];
    for (var i = 0; i < bars.length; i++) {
      var percent = Math.max(0, Math.min(100, Number(bars[i].getAttribute("data-bar-height")) || 0));
      bars[i].style.height = percent + "%";
    }
  }
  function draw(root) { drawProgress(root); drawBars(root); }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:load", function (event) { draw(event.detail.elt.parentNode || document); });
})();

/* A session that ends during htmx work (accounts/htmx_session.py answers 401 with
   X-Session-Ended): what the user typed is kept in this tab's sessionStorage, a dialog says the
   session ended, its button reloads the page through the login, and the typed values are put
   back into their forms afterwards (never submitted on the user's behalf). */
(function () {
  "use strict";

  var PREFIX = "portal-kept:";
  var SKIPPED_TYPES = ["password", "file", "hidden", "submit", "button", "reset", "image"];

  function storageKey() { return PREFIX + location.pathname; }
  function currentUser() { return document.body ? document.body.getAttribute("data-user") || "" : ""; }

  function formKey(form) {
    return form.id || form.getAttribute("hx-post") || form.getAttribute("action") || "";
  }

  function changedFields(form) {
    var fields = [];
    for (var i = 0; i < form.elements.length; i++) {
      var field = form.elements[i];
      if (!field.name || field.disabled || field.name === "csrfmiddlewaretoken") { continue; }
      if (field.tagName === "BUTTON" || SKIPPED_TYPES.indexOf(field.type) !== -1) { continue; }
      if (field.type === "checkbox" || field.type === "radio") {
        if (field.checked !== field.defaultChecked) {
          fields.push({ name: field.name, value: field.value, checked: field.checked });
        }
      } else if (field.tagName === "SELECT") {
        var changed = false;
        for (var j = 0; j < field.options.length; j++) {
          if (field.options[j].selected !== field.options[j].defaultSelected) { changed = true; }
        }
        if (changed) { fields.push({ name: field.name, value: field.value }); }
      } else if (field.value !== field.defaultValue) {
        fields.push({ name: field.name, value: field.value });
      }
    }
    return fields;
  }

  function keepTypedText() {
    var kept = [];
    var forms = document.querySelectorAll("form");
    for (var i = 0; i < forms.length; i++) {
      var key = formKey(forms[i]);
      var fields = key ? changedFields(forms[i]) : [];
      if (fields.length) { kept.push({ form: key, fields: fields }); }
    }
    try {
      if (kept.length) {
        sessionStorage.setItem(storageKey(), JSON.stringify({ user: currentUser(), forms: kept }));
      }
    } catch (e) { /* storage full or refused: the dialog still explains what happened */ }
  }

  function forgetAllKept() {
    try {
      for (var i = sessionStorage.length - 1; i >= 0; i--) {
        var key = sessionStorage.key(i);
        if (key && key.indexOf(PREFIX) === 0) { sessionStorage.removeItem(key); }
      }
    } catch (e) { /* nothing kept */ }
  }

  function findForm(root, key) {
    var forms = root.querySelectorAll ? root.querySelectorAll("form") : [];
    for (var i = 0; i < forms.length; i++) { if (formKey(forms[i]) === key) { return forms[i]; } }
    if (root.tagName === "FORM" && formKey(root) === key) { return root; }
    return null;
  }

  function putBack(form, fields) {
    var first = null;
    fields.forEach(function (saved) {
      var named = form.querySelectorAll("[name]");
      for (var i = 0; i < named.length; i++) {
        var field = named[i];
        if (field.name !== saved.name) { continue; }
        if (field.type === "checkbox" || field.type === "radio") {
          if (field.value !== saved.value) { continue; }
          field.checked = saved.checked;
        } else {
          field.value = saved.value;
        }
        first = first || field;
        field.dispatchEvent(new Event(field.tagName === "SELECT" || field.type === "checkbox" || field.type === "radio" ? "change" : "input", { bubbles: true }));
      }
    });
    for (var parent = form; parent; parent = parent.parentElement) {
      if (parent.tagName === "DETAILS") { parent.open = true; }
    }
    var note = document.createElement("p");
    note.className = "msg kept";
    note.setAttribute("role", "status");
    note.textContent = "What you typed before your session ended is back in this form. Check it, then save.";
    form.insertBefore(note, form.firstChild);
    if (first) { first.focus(); }
  }

  function restoreKept(root) {
    var raw;
    try { raw = sessionStorage.getItem(storageKey()); } catch (e) { return; }
    if (!raw) { return; }
    var kept;
    try { kept = JSON.parse(raw); } catch (e) { sessionStorage.removeItem(storageKey()); return; }
    if (!kept || kept.user !== currentUser()) {
      if (currentUser()) { sessionStorage.removeItem(storageKey()); }  // another person's typing
      return;
    }
    var left = kept.forms.filter(function (entry) {
      var form = findForm(root, entry.form);
      if (!form) { return true; }
      putBack(form, entry.fields);
      return false;
    });
    if (left.length) {
      kept.forms = left;
      sessionStorage.setItem(storageKey(), JSON.stringify(kept));
    } else {
      sessionStorage.removeItem(storageKey());
    }
  }

  function showSessionEnded() {
    if (document.getElementById("session-ended")) { return; }
    var dialog = document.createElement("dialog");
    dialog.id = "session-ended";
    dialog.className = "session-ended";
    dialog.setAttribute("aria-labelledby", "session-ended-h");
    var heading = document.createElement("h2");
    heading.id = "session-ended-h";
    heading.textContent = "Your session has ended";
    var text = document.createElement("p");
    text.textContent = "For the members' privacy you were logged out. Log in again to carry on: " +
      "what you typed on this page is kept and put back in its form after you log in.";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "primary";
    button.textContent = "Log in again";
    button.addEventListener("click", function () { location.assign(location.href); });
    dialog.appendChild(heading);
    dialog.appendChild(text);
    dialog.appendChild(button);
    dialog.addEventListener("cancel", function (event) { event.preventDefault(); });
    document.body.appendChild(dialog);
    dialog.showModal();
    button.focus();
  }

  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.status === 401 && xhr.getResponseHeader("X-Session-Ended")) {
      keepTypedText();
      showSessionEnded();
    }
  });
  document.addEventListener("submit", function (event) {
    if (event.target.classList && event.target.classList.contains("logout")) { forgetAllKept(); }
  });
  document.addEventListener("DOMContentLoaded", function () { restoreKept(document); });
  document.addEventListener("htmx:load", function (event) { restoreKept(event.detail.elt); });
})();

/* Focus after an htmx update: when the element the user was on is replaced, focus goes to its
   counterpart in the new content (same id, or same kind of control with the same name and
   label), else to the updated region's heading, instead of falling back to <body>. */
(function () {
  "use strict";

  var before = null;

  /* checkVisibility also sees the content of a closed <details> (content-visibility: hidden). */
  function visible(element) {
    if (!element) { return false; }
    return element.checkVisibility ? element.checkVisibility() : element.getClientRects().length > 0;
  }

  function describe(element) {
    return {
      id: element.id,
      tag: element.tagName,
      name: element.getAttribute("name") || "",
      text: (element.textContent || "").trim(),
      submit: isSubmit(element)
    };
  }

  /* A submit button is never given focus back: htmx takes a focused submit button for the
     submitter of the form's next request, so a filter changed afterwards would be sent as that
     button (the worklist's Assign, the pager's page number). Those land on the region instead. */
  function isSubmit(element) {
    return (element.tagName === "BUTTON" && (element.getAttribute("type") || "submit") === "submit") ||
      (element.tagName === "INPUT" && element.type === "submit");
  }

  function counterpart(region, was) {
    if (was.submit) { return null; }
    if (was.id) {
      var same = document.getElementById(was.id);
      if (visible(same)) { return same; }
    }
    var candidates = region.querySelectorAll(was.tag.toLowerCase());
    for (var i = 0; i < candidates.length; i++) {
      var c = candidates[i];
      if ((c.getAttribute("name") || "") === was.name && (c.textContent || "").trim() === was.text && visible(c)) {
        return c;
      }
    }
    return null;
  }

  function landing(region) {
    var target = region.querySelector("[data-focus-after-swap]") || region.querySelector("h1, h2, h3") || region;
    if (!target.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) {
      target.setAttribute("tabindex", "-1");
    }
    return target;
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var active = document.activeElement;
    var target = event.detail.target;
    if (!event.detail.shouldSwap) { return; }  // nothing will be replaced (e.g. a 401)
    if (active && active !== document.body && target && target.contains(active)) {
      before = { was: describe(active), regionId: target.id, parent: target.parentElement };
    }
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (!before) { return; }
    var saved = before;
    before = null;
    var active = document.activeElement;
    if (active && active !== document.body && active.isConnected) { return; }
    var region = (saved.regionId && document.getElementById(saved.regionId)) || saved.parent;
    if (!region) { return; }
    var next = counterpart(region, saved.was) || landing(region);
    next.focus();
  });
})();

/* The navigation's "More" menu (<details class="menu">) closes on a click elsewhere or Escape. */
(function () {
  "use strict";
  function closeMenus(except) {
    var open = document.querySelectorAll("details.menu[open]");
    for (var i = 0; i < open.length; i++) { if (open[i] !== except) { open[i].open = false; } }
  }
  document.addEventListener("click", function (event) {
    closeMenus(event.target.closest ? event.target.closest("details.menu") : null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var menu = document.activeElement && document.activeElement.closest ? document.activeElement.closest("details.menu[open]") : null;
    closeMenus(null);
    if (menu) { menu.querySelector("summary").focus(); }
  });
})();

/* A form opened on demand (<details class="on-demand">) stays open when its section is reloaded
   by something else (e.g. a review elsewhere on the page reloads Program enrollment); it closes
   only after its own form was sent. */
(function () {
  "use strict";
  var reopen = null;
  function summaryText(details) {
    var summary = details.querySelector("summary");
    return summary ? summary.textContent.trim() : "";
  }
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var sender = event.detail.requestConfig ? event.detail.requestConfig.elt : null;
    if (!target || !target.querySelectorAll) { return; }
    var open = target.querySelectorAll("details.on-demand[open]");
    var names = [];
    for (var i = 0; i < open.length; i++) {
      if (!(sender && open[i].contains(sender))) { names.push(summaryText(open[i])); }
    }
    reopen = names.length ? { id: target.id, names: names } : null;
  });
  document.addEventListener("htmx:afterSwap", function () {
    if (!reopen) { return; }
    var region = reopen.id ? document.getElementById(reopen.id) : null;
    var names = reopen.names;
    reopen = null;
    if (!region) { return; }
    var all = region.querySelectorAll("details.on-demand");
    for (var i = 0; i < all.length; i++) {
      if (names.indexOf(summaryText(all[i])) !== -1) { all[i].open = true; }
    }
  });
})();
