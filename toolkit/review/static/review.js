// l10n review: marks units by status, opens a side panel to edit/approve, follows catalogue changes.
// Catalogue text is only ever set with textContent / value, never as HTML.
// The page's units come as statuses (what the markers, counts and j/k need); a unit's texts, notes and findings are
// asked for when it is opened (a 40,000-unit page sent 24 MB of them before the panel could be used).
// The script runs before the parser reaches the page's text (app.with_review_tags): the panel and the statuses are
// there while a large page still loads; what needs every marker (drafts, the unit named in the URL) waits for it.
// Text typed and not saved is a draft, kept in this tab's sessionStorage until it is saved: moving to another
// unit, a reload (another unit's save, a catalogue changed on disk) or a dead server never loses it.
(function () {
  "use strict";
  const me = document.currentScript;
  const locale = me.dataset.locale, page = me.dataset.page;
  const cookie = me.dataset.cookie + "=";
  const token = (document.cookie.split("; ").find(c => c.startsWith(cookie)) || "").slice(cookie.length);
  // units: id -> {id, kind, status, error} (+ element, attribute, label for attributes and titles);
  // details: id -> the unit as /api/unit gives it, asked for once (the page reloads when the catalogue changes)
  let units = new Map(), details = new Map(), order = [], version = null, current = null, seen = null;
  let leaving = false, opening = 0;
  const STATUSES = { r: "reviewed", m: "mt", f: "fuzzy", u: "untranslated" };  // app.STATUS_LETTERS
  const narrow = matchMedia("(max-width: 600px)");  // the panel is a sheet over the lower part (review.css)
  const draftKey = "l10n-drafts:" + locale + ":" + page;
  const parsed = new Promise(done => document.readyState === "loading"
    ? document.addEventListener("DOMContentLoaded", done, { once: true }) : done());

  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    Object.assign(e, props || {});
    for (const c of children) e.append(c);
    return e;
  }

  // --- panel (shadow root: the page's CSS does not reach it) ---
  const host = document.createElement("l10n-review-panel");
  const root = host.attachShadow({ mode: "open" });
  root.append(el("link", { rel: "stylesheet", href: "/_review/review.css" }));
  // the panel's own words are English, left to right, whatever the page's direction (an Arabic page mirrored them)
  const panel = el("div", { className: "panel closed", role: "complementary", ariaLabel: "l10n review", lang: "en",
    dir: "ltr" });
  root.append(panel);
  const head = el("div");
  const titleLine = el("h2", { textContent: "l10n review · " + locale });
  const counts = el("div", { className: "counts" });
  head.append(titleLine, counts, el("a", { href: "/?locale=" + encodeURIComponent(locale), textContent: "all pages" }));
  const body = el("div", { className: "body", tabIndex: -1 });  // j/k put the focus here: Tab or Enter reach the box
  panel.append(head, body);
  const f = {};
  function section(name, label, node) {
    f[name] = node;
    f[name + "Box"] = el("div", {}, el("h3", { textContent: label }), node);
    body.append(f[name + "Box"]);
  }
  f.status = el("div", { className: "status" });
  body.append(f.status);
  section("source", "Source", el("div", { className: "text source" }));
  section("previous", "Previous source (#|)", el("div", { className: "text previous" }));
  section("notes", "Notes (#.)", el("div", { className: "text notes" }));
  section("findings", "Checks", el("ul", { className: "findings" }));
  section("translation", "Translation", el("textarea", { className: "translation", spellcheck: true,
    lang: me.dataset.lang, dir: me.dataset.dir }));
  f.translationBox.firstChild.id = "translation-label";
  f.translation.setAttribute("aria-labelledby", "translation-label");
  f.source.lang = f.previous.lang = me.dataset.sourceLang;
  f.source.dir = f.previous.dir = f.notes.dir = "auto";  // the source's own direction (its first strong letter)
  f.save = el("button", { className: "save", textContent: "Save" });
  f.approve = el("button", { className: "approve", textContent: "Approve ✓" });
  f.prev = el("button", { className: "prev", textContent: "◀ prev" });
  f.next = el("button", { className: "next", textContent: "next ▶" });
  body.append(el("div", {}, f.save, f.approve, f.prev, f.next));
  f.message = el("div", { className: "message" });
  body.append(f.message);
  section("others", "Attributes, titles and no-script text on this page", el("ul", { className: "others" }));
  body.append(el("div", { className: "keys", textContent:
    "j / Alt+↓ next to review · k / Alt+↑ previous · Enter edit · Ctrl+Enter approve · Esc close" }));
  document.documentElement.append(host);

  function needsReview(u) { return u.status !== "reviewed" || u.error; }

  // an empty box is no translation: there is nothing to approve (Save leaves the unit untranslated).  The button
  // says so but stays in the Tab order (a disabled one would move the focus order as the box empties); pressed, or
  // Ctrl+Enter, the server refuses the approval with its reason, shown in the panel.
  function offerApprove() {
    const empty = f.translation.value === "";
    f.approve.setAttribute("aria-disabled", String(empty));
    f.approve.title = empty ? "an empty translation cannot be approved" : "";
  }

  function marker(id) { return document.querySelector('l10n-unit[data-u="' + id + '"]'); }

  // uid -> {msgctxt, msgid, text, seen}: `seen` is the entry as it was when the typing began, so a save of a
  // draft still refuses to overwrite a change made on disk since
  function drafts() {
    try { return JSON.parse(sessionStorage.getItem(draftKey)) || {}; } catch (err) { return {}; }
  }
  function keepDraft() {
    if (current === null || seen === null) return;  // the unit's texts are not here yet
    const all = drafts(), u = details.get(current);
    if (f.translation.value === seen.msgstr) delete all[current];
    else all[current] = { msgctxt: u.msgctxt, msgid: u.msgid, text: f.translation.value, seen };
    if (Object.keys(all).length) sessionStorage.setItem(draftKey, JSON.stringify(all));
    else sessionStorage.removeItem(draftKey);
    const m = marker(current);
    if (m) m.toggleAttribute("data-draft", current in all);
  }
  function draftOf(u) {
    const d = drafts()[u.id];
    return d && d.msgid === u.msgid && d.msgctxt === u.msgctxt ? d : null;  // the page may have changed since
  }
  function dropDraft(id) {
    const all = drafts();
    delete all[id];
    if (Object.keys(all).length) sessionStorage.setItem(draftKey, JSON.stringify(all));
    else sessionStorage.removeItem(draftKey);
  }

  function badges(u) {
    const labels = { reviewed: "reviewed", mt: "machine translation (fuzzy)", fuzzy: "fuzzy", untranslated: "untranslated" };
    f.status.replaceChildren(el("span", { className: "badge " + u.status, textContent: labels[u.status] || u.status }));
    if (u.error) f.status.append(" ", el("span", { className: "badge error", textContent: "check error" }));
  }

  function describe(u) {
    badges(u);
    const where = u.attribute ? "<" + u.element + " " + u.attribute + ">" : "<" + u.element + ">";
    f.status.append(" ", el("span", { textContent: where + " · line " + u.line }));
    if (u.engine) f.status.append(el("div", { className: "engine", textContent:
      "engine: " + u.engine + (u.engine_date ? " (" + u.engine_date + ")" : "") + (u.engine_reviewed ? ", reviewed" : "") }));
  }

  // the unit's texts, notes and findings (null when the server does not give them: the panel says why)
  async function unitDetails(id) {
    if (details.has(id)) return details.get(id);
    let res;
    try {
      res = await fetch("/api/unit?locale=" + encodeURIComponent(locale) + "&page=" + encodeURIComponent(page) +
                        "&id=" + id, { credentials: "same-origin" });
    } catch (err) {
      f.message.replaceChildren(el("div", { className: "conflict", textContent:
        "The review server does not answer (is l10n serve still running?)." }));
      return null;
    }
    const answer = await res.text();
    let data;
    try { data = JSON.parse(answer); } catch (err) { data = { error: answer.trim() }; }  // the guard answers in text
    if (!res.ok) {
      f.message.replaceChildren(el("div", { className: "conflict", textContent: (data.error || "error " + res.status) +
        (res.status === 404 ? " (reload the page)" : "") }));
      return null;
    }
    details.set(id, data.unit);
    return data.unit;
  }

  // Opens the panel on the unit at once (status, focus, place in the page); its texts follow from the server.
  // Resolves true once they are shown, false if another unit was opened meanwhile or they could not be had.
  async function open(id, focus) {
    const s = units.get(id);
    if (!s) return false;
    const ticket = ++opening;
    if (current !== null && marker(current)) marker(current).removeAttribute("data-current");
    current = id;
    panel.classList.remove("closed");
    document.documentElement.setAttribute("data-l10n-panel", "");
    f.message.replaceChildren();
    const m = marker(id);
    if (m) { m.setAttribute("data-current", ""); m.tabIndex = -1; m.scrollIntoView({ block: narrow.matches ? "start" : "center" }); }
    history.replaceState(null, "", "#u=" + id);
    if (focus) f.translation.focus();
    else body.focus({ preventScroll: true });
    let u = details.get(id);
    if (!u) {
      seen = null;
      badges(s);
      f.source.textContent = f.previous.textContent = f.notes.textContent = f.translation.value = "";
      f.findings.replaceChildren();
      f.translation.readOnly = true;  // nothing typed before the text arrives is lost under it
      panel.setAttribute("aria-busy", "true");
      u = await unitDetails(id);
      if (ticket !== opening) return false;
      panel.removeAttribute("aria-busy");
      if (!u) return false;
    }
    f.translation.readOnly = false;
    seen = { msgstr: u.msgstr, fuzzy: u.fuzzy };
    describe(u);
    f.source.textContent = u.msgctxt ? "[" + u.msgctxt + "] " + u.msgid : u.msgid;
    f.previousBox.hidden = !u.previous_msgid;
    f.previous.textContent = u.previous_msgid || "";
    f.notesBox.hidden = !u.notes.length;
    f.notes.textContent = u.notes.join("\n");
    f.findings.replaceChildren(...u.findings.map(x =>
      el("li", { className: "finding-" + x.severity, textContent: x.severity + " · " + x.check + ": " + x.message })));
    if (!u.findings.length) f.findings.append(el("li", { className: "ok", textContent: "no findings" }));
    f.translation.value = u.msgstr;
    f.translation.disabled = u.plural;
    const draft = draftOf(u);
    if (draft) {
      seen = draft.seen;
      f.translation.value = draft.text;
      f.message.replaceChildren(el("div", { className: "conflict", textContent:
        "Your text here is not saved yet" + (draft.seen.msgstr !== u.msgstr || draft.seen.fuzzy !== u.fuzzy
          ? "; the catalogue has changed this entry since: saving will show both" : "") }));
    }
    offerApprove();
    return true;
  }

  function inBox() { return root.activeElement === f.translation; }

  function close() {
    panel.classList.add("closed");
    document.documentElement.removeAttribute("data-l10n-panel");
    const m = current === null ? null : marker(current);
    if (m) m.focus({ preventScroll: true });  // the focus stays where the reviewer is in the page
  }

  function step(dir) {
    if (!order.length) return;
    const start = current === null ? (dir > 0 ? -1 : order.length) : order.indexOf(current);
    for (let i = start + dir; i >= 0 && i < order.length; i += dir) {
      if (needsReview(units.get(order[i]))) { open(order[i], inBox()); return; }
    }
    f.message.replaceChildren(el("div", { textContent: "no more units to review in this direction" }));
  }

  async function save(approve) {
    if (current === null || seen === null) return;
    const u = details.get(current);
    const next = approve ? order.slice(order.indexOf(current) + 1).find(id => needsReview(units.get(id))) : undefined;
    const kept = " Your text is kept here.";
    let res;
    try {
      res = await fetch("/api/save", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-L10n-Token": token },
        body: JSON.stringify({ locale, page, unit: u.id, msgctxt: u.msgctxt, msgid: u.msgid,
                               msgstr: f.translation.value, approve, seen }),
      });
    } catch (err) {  // no answer at all: the server was stopped
      f.message.replaceChildren(el("div", { className: "conflict", textContent:
        "Not saved: the review server does not answer (is l10n serve still running?)." + kept }));
      return;
    }
    const answer = await res.text();
    let data;
    try { data = JSON.parse(answer); } catch (err) { data = { error: answer.trim() }; }  // the guard answers in text
    if (res.status === 403) {  // a server started again has another token
      f.message.replaceChildren(el("div", { className: "conflict", textContent: "Not saved: " + data.error +
        ". If l10n serve was started again, open the address l10n serve printed, then come back to this page." +
        kept }));
      return;
    }
    if (res.ok) {
      dropDraft(u.id);
      leaving = true;
      // a text saved with a check error (a lost placeholder: the build uses the source) keeps the panel on it
      const errors = data.unit && data.unit.error ? data.unit.findings.filter(x => x.severity === "error") : [];
      const note = "saved " + (approve ? "and approved " : "") + "unit " + u.id;
      sessionStorage.setItem("l10n-saved", JSON.stringify({ error: errors.length > 0, text: errors.length
        ? note + ", but: " + errors.map(x => x.check + ": " + x.message).join("; ") : note }));
      location.hash = "u=" + (next !== undefined && !errors.length ? next : u.id);
      location.reload();
      return;
    }
    if (res.status === 409 && data.unit) {
      details.set(data.unit.id, data.unit);
      Object.assign(units.get(data.unit.id), { status: data.unit.status, error: data.unit.error });
      const mine = f.translation.value;
      if (!await open(data.unit.id, true)) return;
      seen = { msgstr: data.unit.msgstr, fuzzy: data.unit.fuzzy };  // saving again replaces what is on disk now
      f.translation.value = mine;
      offerApprove();
      keepDraft();
      f.message.replaceChildren(el("div", { className: "conflict" },
        el("div", { textContent: data.conflict }),
        el("div", { textContent: "Now on disk: " }), el("div", { className: "text", textContent: data.unit.msgstr }),
        el("div", { textContent: "Your text is kept in the box; save again to replace it." })));
      return;
    }
    f.message.replaceChildren(el("div", { className: "conflict", textContent: data.error || data.conflict || ("error " + res.status) }));
  }

  f.translation.addEventListener("input", () => { offerApprove(); keepDraft(); });
  window.addEventListener("beforeunload", e => {
    if (!leaving && Object.keys(drafts()).length) e.preventDefault();  // closing the tab would lose them
  });
  f.save.addEventListener("click", () => save(false));
  f.approve.addEventListener("click", () => save(true));
  f.prev.addEventListener("click", () => step(-1));
  f.next.addEventListener("click", () => step(1));

  document.addEventListener("click", e => {
    const m = e.target.closest && e.target.closest("l10n-unit[data-u]");
    if (!m) return;
    e.preventDefault();
    e.stopPropagation();
    open(Number(m.dataset.u), true);
  }, true);

  document.addEventListener("keydown", e => {
    // A key an input method is composing with is its own (Escape cancels the composition, Enter converts it): not
    // the panel's, or かんじ would be saved before it becomes 漢字 (UI Events: isComposing; 229 in older browsers).
    if (e.isComposing || e.keyCode === 229) return;
    const typing = e.composedPath()[0] === f.translation;
    if (typing && e.ctrlKey && e.key === "Enter") { e.preventDefault(); save(true); return; }
    if (e.altKey && e.key === "ArrowDown") { e.preventDefault(); step(1); return; }
    if (e.altKey && e.key === "ArrowUp") { e.preventDefault(); step(-1); return; }
    if (e.key === "Escape") { close(); return; }
    if (typing || e.ctrlKey || e.altKey || e.metaKey) return;
    const target = e.composedPath()[0];
    const idle = [body, document.body, document.documentElement, current === null ? null : marker(current)];
    if (e.key === "Enter" && current !== null && idle.includes(target)) {
      e.preventDefault();  // Enter edits the unit open in the panel (or the one the focus is on, after Esc)
      open(current, true);
      return;
    }
    if (e.key === "j") step(1);
    else if (e.key === "k") step(-1);
  });

  async function load() {
    const res = await fetch("/api/units?locale=" + encodeURIComponent(locale) + "&page=" + encodeURIComponent(page),
                            { credentials: "same-origin" });
    const data = await res.json();
    version = data.version;
    const errors = new Set(data.errors);
    order = data.ids;
    units = new Map(order.map((id, i) => [id, { id, kind: "text", status: STATUSES[data.statuses[i]], error: errors.has(id) }]));
    for (const o of data.others) Object.assign(units.get(o.id), o);
    const tally = { reviewed: 0, mt: 0, fuzzy: 0, untranslated: 0 };
    for (const u of units.values()) tally[u.status] = (tally[u.status] || 0) + 1;
    counts.textContent = "reviewed " + tally.reviewed + " · machine " + tally.mt + " · fuzzy " + tally.fuzzy +
      " · untranslated " + tally.untranslated;
    f.others.replaceChildren(...data.others.map(o => units.get(o.id)).map(u => {
      const button = el("button", { className: "other", type: "button", textContent:
        (u.attribute ? u.element + " " + u.attribute : u.element) + ": " + u.label });
      button.prepend(el("span", { className: "badge " + u.status, textContent: u.status }), " ");
      button.dataset.u = u.id;
      button.addEventListener("click", () => open(u.id, true));
      return el("li", {}, button);
    }));
    await parsed;
    // a draft is shown only on the unit it was typed for: the page may have changed since (its texts tell)
    await Promise.all(Object.keys(drafts()).map(Number).filter(id => units.has(id) && marker(id)).map(async id => {
      const u = await unitDetails(id);
      if (u && draftOf(u)) marker(id).setAttribute("data-draft", "");
    }));
    const m = /^#u=(\d+)$/.exec(location.hash);
    if (m) await open(Number(m[1]), false);
    document.documentElement.dataset.l10nReady = "1";
    const note = sessionStorage.getItem("l10n-saved");
    if (note) {
      sessionStorage.removeItem("l10n-saved");
      const saved = JSON.parse(note);
      f.message.replaceChildren(el("div", { className: saved.error ? "conflict" : "ok", textContent: saved.text }));
    }
  }

  async function poll() {
    try {
      const res = await fetch("/api/version?locale=" + encodeURIComponent(locale), { credentials: "same-origin" });
      if (res.status === 409) {
        // a catalogue that does not read (merge markers, a save half done) is said here, not reloaded into an
        // error page without this script: the version stays old, so the page reloads once it reads again
        f.message.replaceChildren(el("div", { className: "conflict", textContent: (await res.text()).trim() +
          " (this page reloads when the catalogue reads again)" }));
        panel.classList.remove("closed");
        document.documentElement.setAttribute("data-l10n-panel", "");
      } else {
        const data = await res.json();
        if (version !== null && data.version !== version) {
          const dirty = current !== null && seen !== null && f.translation.value !== seen.msgstr;
          if (dirty) {
            version = data.version;
            if (!f.message.querySelector(".conflict"))  // a save's conflict, with the text now on disk, stays
              f.message.replaceChildren(el("div", { className: "conflict", textContent:
                "The catalogue changed on disk; saving will check this entry for conflicts." }));
          } else {
            leaving = true;  // drafts are kept in sessionStorage: the reload brings them back
            location.reload();
            return;
          }
        }
      }
    } catch (err) { /* server gone: keep the page */ }
    setTimeout(poll, 1500);
  }

  load().then(() => setTimeout(poll, 1500));
})();
