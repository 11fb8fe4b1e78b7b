// yibao page. No framework, no build step, nothing loaded from elsewhere.
// Every text from the user or the policy data goes through textContent or
// setAttribute, never innerHTML.
"use strict";

// Every label comes from the message catalogue (GET /v1/messages, served
// from report/messages.go): the page, the CLI, the API and batch say the
// same words. Page labels are its page.* keys; a month's status, a level, a
// confidence and yes/no use the keys the CLI uses. New labels go into the
// catalogue, not here.
let CAT = { zh: {}, en: {} };
const NS = ["page.", "status.", "level.", "conf.", "allowed."];
const STATUSES = ["covered", "covered_retro", "suspended", "waiting", "not_covered", "not_enrolled", "unknown", "resident_not_enrolled", "resident_can_enrol", "resident_cannot_enrol"];

let lang = "zh";
let region = null;        // the picked RegionInfo
let lastAnswer = null;    // re-rendered when the language changes
let lastPlan = null;
let lastParams = null;

const $ = (id) => document.getElementById(id);
const t = (k) => { for (const n of NS) { const v = CAT[lang][n + k]; if (v !== undefined) return v; } return k; };
// fill renders a catalogue template's {name} placeholders from o.
const fill = (k, o) => t(k).replace(/\{(\w+)\}/g, (m, n) => (o[n] ?? m));
async function loadCatalogue() {
  try {
    const res = await fetch("/v1/messages");
    if (res.ok) CAT = await res.json();
  } catch (e) { /* labels show their keys; the form still works */ }
}

// el builds an element; text children are text nodes, never HTML.
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const k of kids.flat()) {
    if (k === undefined || k === null || k === false) continue;
    e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return e;
}
const SVG = "http://www.w3.org/2000/svg";
function sv(tag, attrs, ...kids) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  for (const k of kids) e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  return e;
}

function applyLang() {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  $("lang").textContent = lang === "zh" ? "English" : "中文";
  document.title = t("title");
  for (const e of document.querySelectorAll("[data-i18n]")) e.textContent = t(e.dataset.i18n);
  for (const r of document.querySelectorAll(".row")) labelRow(r);
  for (const r of document.querySelectorAll(".xrow")) labelXRow(r);
  labelCalc();
  if (lastCalc) renderCalc(lastCalc);
  if (lastBatch) renderBatch(lastBatch);
  showRegion();
  if (lastAnswer) renderAnswer(lastAnswer);
  if (lastProblems) showErrors(apiErrors(lastProblems));
  if (lastPlan) renderPlan(lastPlan);
  if (lastParams) renderParams(lastParams);
}

// ---- region picker ----
let searchSeq = 0;
let searchTimer = 0;
function regionTag(r) {
  // say which levels supply values (市级, 省级 or 直辖市), never "encoded" for a level that supplies nothing
  const lv = (r.supplied_levels || []).filter((l) => l !== "national");
  if (lv.length) return el("span", { class: "tag enc", "data-testid": "region-levels" }, fill("supplied", { levels: lv.map((l) => t(l === "province" && r.municipality ? "municipality" : l)).join(lang === "zh" ? "、" : ", ") }));
  return el("span", { class: "tag nat", "data-testid": "region-levels" }, t("nationalOnly"));
}
async function searchRegions(q) {
  const seq = ++searchSeq;
  const list = $("region-list");
  if (!q.trim()) { list.replaceChildren(); return; }
  let body;
  try {
    const res = await fetch("/v1/regions?q=" + encodeURIComponent(q.trim()));
    body = await res.json();
    if (seq !== searchSeq) return;
    if (!res.ok) { list.replaceChildren(el("li", { class: "hint" }, body.detail || res.status)); return; }
  } catch (e) { if (seq === searchSeq) list.replaceChildren(el("li", { class: "hint" }, t("networkError"))); return; }
  const items = [];
  const opts = body.regions.length ? body.regions : body.suggestions;
  if (!body.regions.length && opts.length) items.push(el("li", { class: "hint" }, t("noMatch")));
  for (const r of opts) {
    const b = el("button", { type: "button", "data-testid": "region-option", "data-code": r.code, role: "option" },
      regionNameOf(r), " ", el("small", {}, r.code), regionTag(r));
    b.addEventListener("click", () => pickRegion(r));
    items.push(el("li", {}, b));
  }
  list.replaceChildren(...items);
}
// chosenWay is the way to pay the person picked where the region offers
// several (统账结合 / 单建统筹): sent as quote.option.
let chosenWay = "";
function pickRegion(r) {
  region = r;
  chosenWay = "";
  $("region-list").replaceChildren();
  $("region-q").value = regionNameOf(r);
  $("load-params").disabled = false;
  lastParams = null;
  $("params").replaceChildren();
  showRegion();
}
function showRegion() {
  const p = $("region-selected");
  if (!region) { p.replaceChildren(); return; }
  p.replaceChildren(t("selected"), `${regionNameOf(region)} (${region.code})`, regionTag(region));
}

// ---- ledger editor ----
function opt(value, key, selected) { return el("option", { value, selected: value === selected }, t(key)); }
function addRow(v) {
  v = v || {};
  const r = el("div", { class: "row", "data-testid": "ledger-row" });
  const field = (name, input) => el("div", {}, el("label", { "data-l": name }), input);
  const scheme = el("select", { name: "scheme", "data-testid": "row-scheme" });
  const status = el("select", { name: "status", "data-testid": "row-status" });
  r.append(
    field("from", el("input", { type: "month", name: "from", "data-testid": "row-from", value: v.from || "", placeholder: "2024-01" })),
    field("to", el("input", { type: "month", name: "to", "data-testid": "row-to", value: v.to || "", placeholder: "2026-05" })),
    field("scheme", scheme),
    field("status", status),
    field("base", el("input", { type: "number", name: "base", "data-testid": "row-base", min: "0", step: "0.01", inputmode: "decimal", value: v.base || "" })),
    field("paidOn", el("input", { type: "date", name: "paid_on", "data-testid": "row-paid-on", value: v.paid_on || "" })),
    el("button", { type: "button", class: "del", "data-testid": "row-delete" }),
  );
  r.querySelector(".del").addEventListener("click", () => r.remove());
  labelRow(r, v.scheme || "flexible", v.status || "paid");
  $("rows").append(r);
  return r;
}
// labelRow (re)writes a row's labels and options in the current language,
// keeping what is selected.
function labelRow(r, scheme, status) {
  for (const l of r.querySelectorAll("label[data-l]")) l.textContent = t(l.dataset.l);
  r.querySelector(".del").textContent = t("del");
  const s = r.querySelector("select[name=scheme]");
  const sv = scheme || s.value;
  s.replaceChildren(opt("employee", "employee", sv), opt("flexible", "flexible", sv), opt("resident", "resident", sv));
  s.value = sv;
  const st = r.querySelector("select[name=status]");
  const stv = status || st.value;
  st.replaceChildren(opt("paid", "paid", stv), opt("unpaid", "unpaid", stv), opt("none", "none", stv));
  st.value = stv;
}

// buildCase turns the form into the case JSON (docs/case-format.md).
// It also records which form row each list item came from (caseRows), so an
// error the API reports at ledger[2].to is shown by that row's "to" field.
let caseRows = { ledger: [], resident_years: [], events: [], bills: [] };
function buildCase() {
  const problems = [];
  caseRows = { ledger: [], resident_years: [], events: [], bills: [] };
  if (!region) problems.push({ text: t("noRegion"), input: $("region-q") });
  const c = { region: region ? region.code : "", as_of: $("as-of").value, ledger: [], resident_years: [] };
  for (const r of document.querySelectorAll(".row")) {
    const val = (n) => r.querySelector(`[name=${n}]`).value.trim();
    const from = val("from"), to = val("to") || val("from"), paidOn = val("paid_on"), base = val("base");
    if (!from) continue;
    const scheme = val("scheme"), status = val("status");
    if (scheme === "resident") {
      // one coverage year per row: the year of "from"
      c.resident_years.push({ year: Number(from.slice(0, 4)), paid_on: paidOn });
      caseRows.resident_years.push(r);
      continue;
    }
    const row = { from, to, scheme, status };
    if (base !== "") row.base_fen = Math.round(Number(base) * 100);
    if (paidOn) row.paid_on = paidOn;
    c.ledger.push(row);
    caseRows.ledger.push(r);
  }
  const birth = $("birth").value, sex = $("sex").value, post = $("post").value;
  if (birth || sex) {
    c.person = {};
    if (birth) c.person.birth = birth;
    if (sex) c.person.sex = sex;
    if (sex === "female" && post) c.person.post = post;
  }
  if (chosenWay) c.quote = { option: chosenWay };
  addExtras(c, problems);
  if (!c.ledger.length) delete c.ledger;
  if (!c.resident_years.length) delete c.resident_years;
  if (!c.ledger && !c.resident_years) problems.push({ text: t("noRows"), input: document.querySelector(".row [name=from]") });
  return { c, problems };
}

// ---- errors by their fields ----
// Each problem is shown twice: in the summary at the top of the form (a
// link that focuses the field) and right under the field it concerns,
// which is marked (aria-invalid, a red outline). The API's problems carry
// the field's path (ledger[0].to, person.birth, as_of); the page's own
// checks name the input directly. The next submit clears them all.
let lastProblems = null; // the API's errors, re-shown when the language changes
let fieldSeq = 0;
// ROW_FIELD maps a path's last part to the input's name in a form row.
const ROW_FIELD = {
  ledger: { from: "from", to: "to", scheme: "scheme", status: "status", base_fen: "base", paid_on: "paid_on" },
  resident_years: { year: "from", paid_on: "paid_on" },
  events: { date: "ev_date", kind: "ev_kind" },
  bills: { date: "bill_date", amount_fen: "bill_amount", note: "bill_note" },
};
const TOP_FIELD = {
  region: "region-q", as_of: "as-of", "person.birth": "birth", "person.sex": "sex", "person.post": "post",
  "quote.base_fen": "quote-base", person: "birth",
};
// inputFor finds the input a problem's path concerns; null when none does
// (the message is then in the summary only).
function inputFor(path) {
  if (!path) return null;
  const m = /^(ledger|resident_years|events|bills)\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (m) {
    const r = (caseRows[m[1]] || [])[Number(m[2])];
    if (!r || !r.isConnected) return null;
    const name = ROW_FIELD[m[1]][m[3]];
    return (name && r.querySelector(`[name=${name}]`)) || r.querySelector("input, select");
  }
  const id = TOP_FIELD[path] || TOP_FIELD[path.split(".")[0]];
  return id ? $(id) : null;
}
function clearFieldErrors() {
  for (const e of document.querySelectorAll(".field-error")) e.remove();
  for (const i of document.querySelectorAll("[aria-invalid]")) {
    i.removeAttribute("aria-invalid");
    i.removeAttribute("aria-describedby");
    i.classList.remove("invalid");
  }
}
// showErrors lists problems: strings, {text, input} from the page's own
// checks, or {text, inline, path, code, input} from the API.
function showErrors(list) {
  clearFieldErrors();
  const box = $("errors");
  if (!list.length) { box.hidden = true; $("error-list").replaceChildren(); return; }
  const items = list.map((p) => {
    if (typeof p === "string") p = { text: p };
    const attrs = { "data-path": p.path, "data-code": p.code };
    if (!p.input) return el("li", attrs, p.text);
    const input = p.input;
    if (!input.id) input.id = "fld-" + (++fieldSeq);
    const msg = el("p", { class: "field-error", id: "err-" + (++fieldSeq), "data-testid": "field-error", "data-path": p.path, role: "alert" }, p.inline || p.text);
    // after the input and the messages already placed by it
    let at = input;
    while (at.nextElementSibling && at.nextElementSibling.classList.contains("field-error")) at = at.nextElementSibling;
    at.after(msg);
    input.setAttribute("aria-invalid", "true");
    input.classList.add("invalid");
    input.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "") + " " + msg.id).trim());
    const a = el("a", { href: "#" + input.id, "data-testid": "error-link" }, p.text);
    a.addEventListener("click", (ev) => { ev.preventDefault(); input.scrollIntoView({ block: "center" }); input.focus(); });
    return el("li", attrs, a);
  });
  $("error-list").replaceChildren(...items);
  box.hidden = false;
}
// apiErrors turns a problem+json's errors into the page's list, in the
// page's language; next to a field the Chinese message drops the field's
// name when it starts with it (the label already says it).
function apiErrors(ans) {
  const zh = lang === "zh";
  const errs = (ans.errors || []).map((e) => {
    const text = (zh ? e.zh : e.en) || (e.path ? e.path + ": " : "") + e.message;
    const input = inputFor(e.path);
    let inline = text;
    if (zh && e.field_zh && text.startsWith(e.field_zh + "：")) inline = text.slice(e.field_zh.length + 1);
    return { text, inline, path: e.path || "", code: e.code, input };
  });
  return errs.length ? errs : [(zh ? ans.zh : ans.en) || ans.detail || ans.title];
}

async function submit(ev) {
  ev.preventDefault();
  lastProblems = null;
  const { c, problems } = buildCase();
  if (problems.length) { showErrors(problems); $("errors").scrollIntoView({ block: "nearest" }); return; }
  showErrors([]);
  const body = JSON.stringify(c);
  let res, ans;
  try {
    res = await fetch("/v1/assess", { method: "POST", headers: { "Content-Type": "application/json" }, body });
    ans = await res.json();
  } catch (e) { showErrors([t("networkError")]); return; }
  if (!res.ok) {
    lastProblems = ans;
    showErrors(apiErrors(ans));
    $("errors").scrollIntoView({ block: "nearest" });
    return;
  }
  lastAnswer = ans;
  lastCase = c;
  renderAnswer(ans);
  $("result").hidden = false;
  loadPlan(body);
}

// ---- results ----
function monthIndex(m) { const [y, mo] = m.split("-").map(Number); return y * 12 + mo - 1; }
function monthName(i) { return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`; }

function renderAnswer(a) {
  const rname = lang === "en" ? (region && region.code === a.region.code && region.full_name_en) || a.region.name_en : a.region_name;
  $("summary").textContent = fill("summary", { region: rname || a.region_name || a.region.code, as_of: a.as_of,
    cumulative: a.counters.cumulative_months, continuous: a.counters.continuous_months }) +
    (a.counters_text ? " " + a.counters_text[lang === "zh" ? 0 : 1] : "");
  // the one caveat that matters: which headline figures are missing, and what to ask
  $("missing").hidden = !a.missing_text;
  $("missing").textContent = a.missing_text ? a.missing_text[lang === "zh" ? 0 : 1] : "";
  const q = a.quote || {};
  $("first-covered").textContent = q.first_covered_date || (q.latest_covered_date ? fill("latest", { date: q.latest_covered_date }) : t("notShown"));
  $("deadline").textContent = q.deadline || (q.deadline_expired ? fill("expired", { date: q.deadline_expired }) : t("notShown"));
  $("deadline").classList.toggle("expired", !q.deadline && !!q.deadline_expired);
  $("timeline-box").replaceChildren(timelineSVG(a));
  const shown = new Set(a.timeline.ranges.map((r) => r.status));
  const legend = STATUSES.filter((s) => shown.has(s)).map((s) => el("li", { "data-status": s }, el("i", { class: "lg-" + s }), t(s)));
  legend.push(el("li", {}, el("i", { class: "lg-mk-first" }), t("mkFirst")));
  legend.push(el("li", {}, el("i", { class: "lg-mk-deadline" }), t("mkDeadline")));
  $("legend").replaceChildren(...legend);
  renderQuote(q);
  renderReasons(a);
  const ws = a.warnings || [];
  $("warnings-card").hidden = !ws.length;
  $("warnings").replaceChildren(...ws.map((w) => el("li", { "data-code": w.code }, lang === "zh" ? w.text_zh : w.text_en)));
  $("disclaimer").textContent = a.disclaimer[lang === "zh" ? 0 : 1];
  const tel = $("hotline");
  tel.textContent = a.hotline;
  tel.setAttribute("href", "tel:" + a.hotline.replace(/[^0-9]/g, ""));
  $("snapshot").textContent = `yibao ${a.engine_version} · ${a.policy_snapshot}`;
  afterRender();
}

// timelineSVG draws one cell per month, a row per year (12 columns), so the
// picture fits a phone.
function timelineSVG(a) {
  const status = new Map();
  for (const r of a.timeline.ranges) {
    for (let i = monthIndex(r.from); i <= monthIndex(r.to); i++) status.set(i, r.status);
  }
  const q = a.quote || {};
  const first = q.first_covered_month ? monthIndex(q.first_covered_month) : null;
  const dl = q.deadline ? monthIndex(q.deadline.slice(0, 7)) : null;
  const asOf = monthIndex(a.as_of.slice(0, 7));
  let lo = monthIndex(a.timeline.from), hi = monthIndex(a.timeline.to);
  for (const m of [first, dl, asOf]) if (m !== null) { lo = Math.min(lo, m); hi = Math.max(hi, m); }
  const y0 = Math.floor(lo / 12), y1 = Math.floor(hi / 12);
  const cell = 22, gap = 3, left = 42, top = 18;
  const W = left + 12 * (cell + gap), H = top + (y1 - y0 + 1) * (cell + gap);
  const svg = sv("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "data-testid": "timeline", "aria-label": t("timeline") });
  svg.append(sv("title", {}, t("timeline")));
  for (let m = 0; m < 12; m++) svg.append(sv("text", { x: left + m * (cell + gap) + cell / 2, y: 12, class: "ax", "text-anchor": "middle" }, m + 1));
  for (let y = y0; y <= y1; y++) {
    const yy = top + (y - y0) * (cell + gap);
    svg.append(sv("text", { x: 0, y: yy + cell * 0.72, class: "ax" }, y));
    for (let m = 0; m < 12; m++) {
      const i = y * 12 + m;
      if (i < lo || i > hi) continue;
      const s = status.get(i) || "not_enrolled";
      const x = left + m * (cell + gap);
      const r = sv("rect", { x, y: yy, width: cell, height: cell, rx: 3, class: "s-" + s, "data-month": monthName(i), "data-status": s });
      r.append(sv("title", {}, `${monthName(i)} ${t(s)}`));
      svg.append(r);
      if (i === asOf) svg.append(sv("rect", { x: x - 1, y: yy - 1, width: cell + 2, height: cell + 2, rx: 4, class: "mk-asof" }, sv("title", {}, t("asOfMark"))));
      if (i === dl) svg.append(sv("rect", { x: x + 3, y: yy + 3, width: cell - 6, height: cell - 6, rx: 2, class: "mk-deadline", "data-testid": "marker-deadline" }, sv("title", {}, `${t("mkDeadline")} ${q.deadline}`)));
      if (i === first) svg.append(sv("rect", { x: x + 1, y: yy + 1, width: cell - 2, height: cell - 2, rx: 3, class: "mk-first", "data-testid": "marker-first-covered" }, sv("title", {}, `${t("mkFirst")} ${q.first_covered_month}`)));
    }
  }
  return svg;
}

function yuan(fen) { return (fen / 100).toLocaleString(lang === "zh" ? "zh-CN" : "en", { minimumFractionDigits: 2 }) + t("yuan"); }

function renderQuote(q) {
  const card = $("quote-card");
  if (!q || !q.scheme) { card.hidden = true; return; }
  card.hidden = false;
  const rows = [[t("scheme"), t(q.scheme)], [t("allowed"), t(q.allowed)]];
  if (q.amount_known) {
    rows.push([t("months"), String((q.months || []).length)], [t("perMonth"), yuan(q.per_month_fen)], [t("total"), yuan(q.total_fen)]);
  } else if (q.scheme !== "resident") {
    rows.push([t("total"), t("amountUnknown")]);
  }
  if (q.first_covered_month) rows.push([t("gapCovered"), t(q.gap_covered ? "gapYes" : "gapNo")]);
  if (q.alternatives && q.alternatives.length) {
    // every way to pay side by side; picking one prices it alone
    const list = el("ul", { class: "ways", "data-testid": "ways" }, ...q.alternatives.map((a) => {
      const b = el("button", { type: "button", "data-testid": "way-option", "data-way": a.name },
        fill("way", { name: lang === "zh" ? a.name : a.en || a.name, rate: (a.rate / 10000).toString() + "%", monthly: yuan(a.monthly_fen), total: yuan(a.total_fen) }));
      b.addEventListener("click", () => { chosenWay = a.name; $("submit").click(); });
      return el("li", {}, b);
    }));
    rows.push([t("ways"), list]);
  } else if (q.option) {
    const reset = el("button", { type: "button", class: "link", "data-testid": "way-reset" }, t("waysAll"));
    reset.addEventListener("click", () => { chosenWay = ""; $("submit").click(); });
    rows.push([t("ways"), el("span", { "data-testid": "way-chosen" }, q.option, " ", q.option_chosen ? reset : "")]);
  }
  $("quote").replaceChildren(...rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
}

function confBadge(c) { return c ? el("span", { class: "badge " + c, "data-testid": "confidence" }, t(c)) : null; }
function citeLink(c) {
  if (!c) return null;
  const label = "《" + c.title + "》" + (c.doc_no ? c.doc_no : "");
  if (c.url && /^https?:\/\//.test(c.url)) return el("a", { href: c.url, target: "_blank", rel: "noopener noreferrer" }, label);
  return el("span", {}, label);
}

function renderReasons(a) {
  const items = a.reasons.map((r) => {
    const li = el("li", { "data-code": r.code }, lang === "zh" ? r.text_zh : r.text_en);
    for (const k of r.params || []) {
      const u = a.params[k];
      if (!u) continue;
      li.append(el("span", { class: "cite" }, `${lang === "zh" ? u.label_zh : u.label_en} = ${u.value} · `,
        citeLink(u.cite), u.article ? " " + u.article : "", el("span", { class: "badge level" }, t(u.level)), confBadge(u.confidence)));
    }
    return li;
  });
  $("reasons").replaceChildren(...items);
}

// ---- plan (shown only when the server has POST /v1/plan) ----
async function loadPlan(body) {
  const sec = $("plan");
  try {
    const res = await fetch("/v1/plan", { method: "POST", headers: { "Content-Type": "application/json" }, body });
    if (res.status === 404 || res.status === 405 || !res.ok) { sec.hidden = true; lastPlan = null; return; }
    lastPlan = await res.json();
    renderPlan(lastPlan);
    sec.hidden = false;
  } catch (e) { sec.hidden = true; }
}
// renderPlan shows the ranked options (yibao.plan.v1) as a table.
function renderPlan(p) {
  const rows = Array.isArray(p.options) ? p.options : [];
  const zh = lang === "zh";
  const head = t("planHead").split("|");
  const money = (o, f) => (o.cost_known ? yuan(f) : t("unknownMoney"));
  const body = rows.map((o) => el("tr", { "data-testid": "plan-row", "data-kind": o.kind },
    el("td", {}, String(o.rank)),
    el("td", {}, (o.allowed === "no" ? t("notAllowed") : "") + (zh ? o.label_zh : enWays(o.label_en))),
    el("td", {}, money(o, o.now_fen)),
    el("td", {}, money(o, o.cost_fen)),
    el("td", { "data-testid": "plan-first" }, o.first_covered_date ? (o.unknown_months ? fill("latest", { date: o.first_covered_date }) : o.first_covered_date) : "—"),
    el("td", {}, String(o.uncovered_months)),
    el("td", {}, t(o.gap_covered ? "gapBillsYes" : "gapBillsNo")),
    el("td", { "data-testid": "plan-deadline" }, o.deadline || (o.deadline_expired ? fill("expired", { date: o.deadline_expired }) : ""))));
  const rule = el("p", { class: "hint", "data-testid": "plan-rule" }, zh ? p.rule_zh : p.rule_en);
  const parts = [rule, el("div", { class: "scroll" }, el("table", { "data-testid": "plan-table" },
    el("thead", {}, el("tr", {}, head.map((c) => el("th", {}, c)))), el("tbody", {}, body)))];
  if (p.agency_warning) parts.push(el("p", { class: "warn" }, zh ? p.agency_warning[0] : p.agency_warning[1]));
  const r = p.retirement;
  if (r && r.needs) {
    // some person facts given, not enough: say which are needed
    const need = p.retirement_needs_text ? (zh ? p.retirement_needs_text[0] : p.retirement_needs_text[1]) : "";
    parts.push(el("div", { "data-testid": "plan-retirement" }, el("h3", {}, t("retirement")), el("p", {}, need)));
  } else if (r) {
    const lines = [
      fill(r.earliest_elective === r.latest_elective ? "retireLine" : "retireElective", { month: r.month, age: lang === "zh" ? r.age : "age " + String(r.age).replace("岁", ""), date: r.date, earliest: r.earliest_elective, latest: r.latest_elective }),
      fill(r.reached ? "yearsReached" : "yearsLine", { date: r.date, now: r.cumulative_months_now, at: r.cumulative_months_at_retirement }),
      (r.reached ? t("rulesToday") : fill("rulesOn", { date: r.rules_on })) +
        (r.required_known ? fill(r.reached ? "requiredLine" : "requiredPace", { required: r.required_months, short: r.shortfall_months }) : t("requiredUnknown"))];
    if (p.top_up_text) lines.push(zh ? p.top_up_text[0] : p.top_up_text[1]);
    const src = r.citation ? el("p", { class: "cite" }, citeLink(r.citation), r.citation.article ? " " + r.citation.article : "") : null;
    parts.push(el("div", { "data-testid": "plan-retirement" }, el("h3", {}, t("retirement")), ...lines.map((x) => el("p", {}, x)), src));
  }
  $("plan-body").replaceChildren(...parts);
  afterRender();
}

// ---- parameter browser ----
async function loadParams() {
  if (!region) return;
  const asOf = $("as-of").value;
  const res = await fetch(`/v1/regions/${encodeURIComponent(region.code)}/parameters` + (asOf ? "?as_of=" + encodeURIComponent(asOf) : ""));
  const body = await res.json();
  if (!res.ok) { $("params").replaceChildren(el("p", { class: "hint" }, body.detail || body.title)); return; }
  lastParams = body;
  renderParams(body);
}
function renderParams(p) { renderParamsGrouped(p); }

// ---- start ----
function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}
document.addEventListener("DOMContentLoaded", async () => {
  await loadCatalogue();
  if (new URLSearchParams(location.search).get("lang") === "en") lang = "en";
  $("as-of").value = today();
  $("region-q").addEventListener("input", (e) => { clearTimeout(searchTimer); searchTimer = setTimeout(() => searchRegions(e.target.value), 200); });
  $("add-row").addEventListener("click", () => addRow());
  $("case").addEventListener("submit", submit);
  $("lang").addEventListener("click", () => { lang = lang === "zh" ? "en" : "zh"; applyLang(); });
  $("load-params").addEventListener("click", loadParams);
  addRow();
  applyLang();
  document.body.dataset.ready = "1"; // labels loaded, handlers attached (the browser tests wait for it)
});

// ==== page additions (issue 14 item 3): events, bills, chosen base, the
// contribution calculator, grouped parameters, phone cards, print, English
// region names. Their labels are page.* keys in the catalogue
// (report/messages.go).

// fenOf reads a yuan amount typed by a person ("1234.5", "1,234.50") as
// integer fen without floating point; null when it is not an amount.
function fenOf(s) {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(String(s).trim().replace(/[,，]/g, ""));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] || "").padEnd(2, "0"));
}

// regionNameOf gives a picked region's name in the page's language: the
// registry's pinyin (region/data/pinyin.tsv) in English.
function regionNameOf(r) {
  if (!r) return "";
  return lang === "en" && r.full_name_en ? r.full_name_en : (r.full_name || r.name);
}

// ---- events and bills editors ----
function xfield(name, input) { return el("div", {}, el("label", { "data-l": name }), input); }
function addEvent(v) {
  v = v || {};
  const r = el("div", { class: "xrow", "data-testid": "event-row" },
    xfield("evDate", el("input", { type: "date", name: "ev_date", "data-testid": "event-date", value: v.date || "" })),
    xfield("evKind", el("select", { name: "ev_kind", "data-testid": "event-kind" })),
    el("button", { type: "button", class: "del" }));
  r.querySelector(".del").addEventListener("click", () => r.remove());
  labelXRow(r, v.kind || "job_ended");
  $("events").append(r);
  return r;
}
function addBill(v) {
  v = v || {};
  const r = el("div", { class: "xrow", "data-testid": "bill-row" },
    xfield("billDate", el("input", { type: "date", name: "bill_date", "data-testid": "bill-date", value: v.date || "" })),
    xfield("billAmount", el("input", { type: "number", name: "bill_amount", "data-testid": "bill-amount", min: "0.01", step: "0.01", inputmode: "decimal", value: v.amount || "" })),
    xfield("billNote", el("input", { type: "text", name: "bill_note", "data-testid": "bill-note", maxlength: "40", value: v.note || "" })),
    el("button", { type: "button", class: "del" }));
  r.querySelector(".del").addEventListener("click", () => r.remove());
  labelXRow(r);
  $("bills").append(r);
  return r;
}
function labelXRow(r, kind) {
  for (const l of r.querySelectorAll("label[data-l]")) l.textContent = t(l.dataset.l);
  r.querySelector(".del").textContent = t("del");
  const k = r.querySelector("select[name=ev_kind]");
  if (k) {
    const v = kind || k.value;
    k.replaceChildren(opt("job_ended", "job_ended", v), opt("stopped", "stopped", v));
    k.value = v;
  }
}

// addExtras puts the events, the bills and the chosen base into the case.
function addExtras(c, problems) {
  const events = [];
  for (const r of document.querySelectorAll("#events .xrow")) {
    const date = r.querySelector("[name=ev_date]").value;
    if (date) { events.push({ date, kind: r.querySelector("[name=ev_kind]").value }); caseRows.events.push(r); }
  }
  if (events.length) c.events = events;
  const bills = [];
  for (const r of document.querySelectorAll("#bills .xrow")) {
    const date = r.querySelector("[name=bill_date]").value, raw = r.querySelector("[name=bill_amount]").value;
    const note = r.querySelector("[name=bill_note]").value.trim();
    if (!date && !raw) continue;
    const fen = fenOf(raw);
    if (fen === null || fen <= 0) { problems.push({ text: fill("badAmount", { field: t("billAmount"), value: raw }), input: r.querySelector("[name=bill_amount]") }); continue; }
    const b = { date, amount_fen: fen };
    if (note) b.note = note;
    bills.push(b);
    caseRows.bills.push(r);
  }
  if (bills.length) c.bills = bills;
  const qb = $("quote-base").value;
  if (qb !== "") {
    const fen = fenOf(qb);
    if (fen === null) problems.push({ text: fill("badAmount", { field: t("quoteBase"), value: qb }), input: $("quote-base") });
    else { c.quote = c.quote || {}; c.quote.base_fen = fen; }
  }
}

// ---- results: bills, print header ----
function renderBillsResult(a) {
  const bs = a.bills || [];
  $("bills-result").hidden = !bs.length;
  if (!bs.length) return;
  const yn = (b) => t(b ? "canClaim" : "cannotClaim");
  const head = ["billDate", "billAmount", "billNote", "billNow", "billIfPaid"].map((k) => t(k));
  const rows = bs.map((b) => el("tr", { "data-testid": "bill-result" },
    el("td", { class: "nw" }, b.date), el("td", { class: "nw num" }, yuan(b.amount_fen)), el("td", {}, b.note || ""),
    el("td", { "data-covered": String(b.covered) }, yn(b.covered), b.covered ? "" : ` (${t(b.status)})`),
    el("td", {}, yn(b.covered_if_paid))));
  const table = el("table", { class: "cards", "data-testid": "bills-table" },
    el("thead", {}, el("tr", {}, head.map((h) => el("th", {}, h)))), el("tbody", {}, rows));
  $("bills-body").replaceChildren(cardify(table));
}

// renderPrintHead fills the block only the printout shows: who asked what,
// so the page taken to the 医保窗口 stands on its own.
function renderPrintHead(a) {
  const c = lastCase || {};
  const facts = [[t("region"), `${regionNameOf(region) || a.region_name || a.region.code} (${a.region.code})`], [t("asOf"), a.as_of]];
  for (const l of c.ledger || []) facts.push([t("ledgerRow"), `${l.from} – ${l.to} ${t(l.scheme)} ${t(l.status)}` + (l.base_fen ? ` ${yuan(l.base_fen)}` : "")]);
  for (const e of c.events || []) facts.push([t("evKind"), `${e.date} ${t(e.kind)}`]);
  for (const b of c.bills || []) facts.push([t("billDate"), `${b.date} ${yuan(b.amount_fen)}${b.note ? " " + b.note : ""}`]);
  if (c.quote && c.quote.base_fen !== undefined) facts.push([t("quoteBase"), yuan(c.quote.base_fen)]);
  $("print-head").replaceChildren(el("h2", {}, t("title")),
    el("dl", { class: "keys" }, ...facts.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
    el("p", { class: "hint" }, `${t("printedOn")} ${today()}`));
}

// ---- contribution calculator (GET /v1/contrib) ----
// the catalogue keys of the calculator's line items and payers
const ITEM_KEY = {
  employer: "it_employer", individual: "it_individual", flexible: "it_flexible", addon_monthly: "it_addon_monthly",
  addon_yearly: "it_addon_yearly", resident_individual: "it_resident_individual", resident_subsidy: "it_resident_subsidy",
};
const PAYER_KEY = { employer: "p_employer", individual: "p_individual", government: "p_government" };
let lastCalc = null;
function labelCalc() {
  const s = $("calc-scheme"), v = s.value || "flexible";
  s.replaceChildren(opt("employee", "employee", v), opt("flexible", "flexible", v), opt("resident", "resident", v));
  s.value = v;
}
async function runCalc(ev) {
  ev.preventDefault();
  const box = $("calc-result");
  box.hidden = false;
  if (!region) { box.replaceChildren(el("p", { class: "error-text" }, t("noRegion"))); return; }
  const q = new URLSearchParams({ region: region.code, scheme: $("calc-scheme").value });
  const date = $("calc-date").value || $("as-of").value;
  if (date) q.set("as_of", date);
  const base = $("calc-base").value;
  if (base !== "") {
    const fen = fenOf(base);
    if (fen === null) { box.replaceChildren(el("p", { class: "error-text" }, fill("badAmount", { field: t("calcBase"), value: base }))); return; }
    q.set("base", (fen / 100).toFixed(2));
  }
  if ($("birth").value) q.set("birth", $("birth").value);
  let res, body;
  try {
    res = await fetch("/v1/contrib?" + q.toString());
    body = await res.json();
  } catch (e) { box.replaceChildren(el("p", { class: "error-text" }, t("networkError"))); return; }
  if (!res.ok) {
    const errs = (body.errors || []).map((e) => (lang === "zh" ? e.zh : e.en) || e.message);
    box.replaceChildren(el("ul", { class: "error-text" }, ...(errs.length ? errs : [body.detail || body.title]).map((x) => el("li", {}, x))));
    return;
  }
  lastCalc = body;
  renderCalc(body);
}
function renderCalc(c) {
  const zh = lang === "zh";
  const parts = [el("p", { class: "hint" }, `${regionNameOf(region) || c.region_name} · ${t(c.scheme)} · ${t("ruleDate")} ${c.date}`)];
  if (c.base && c.base.base_fen) {
    const b = c.base;
    parts.push(el("p", { "data-testid": "calc-base-line" }, `${t("baseLine")} `, el("b", { class: "nw" }, yuan(b.base_fen) + t("perMonthShort")),
      b.fixed ? t("baseFixed") : (b.min_fen && b.max_fen ? fill("baseRange", { lo: yuan(b.min_fen), hi: yuan(b.max_fen) }) : "")));
  }
  const head = ["item", "payer", "rate", "monthly", "yearly"].map((k) => t(k));
  const rows = (c.lines || []).map((l) => el("tr", { "data-testid": "calc-line", "data-item": l.item },
    el("td", {}, ITEM_KEY[l.item] ? t(ITEM_KEY[l.item]) : l.item), el("td", {}, PAYER_KEY[l.payer] ? t(PAYER_KEY[l.payer]) : l.payer),
    el("td", { class: "nw num" }, l.rate ? (l.rate / 10000) + "%" : "—"),
    el("td", { class: "nw num" }, l.monthly_fen ? yuan(l.monthly_fen) : "—"),
    el("td", { class: "nw num" }, l.yearly_fen ? yuan(l.yearly_fen) : "—")));
  if (rows.length) {
    parts.push(cardify(el("table", { class: "cards", "data-testid": "calc-table" },
      el("thead", {}, el("tr", {}, head.map((h) => el("th", {}, h)))), el("tbody", {}, rows))));
    const tot = [[t("individualTotal"), c.individual_monthly_fen, c.individual_yearly_fen]];
    if (c.employer_monthly_fen || c.employer_yearly_fen) tot.push([t("employerTotal"), c.employer_monthly_fen, c.employer_yearly_fen]);
    parts.push(el("dl", { class: "keys", "data-testid": "calc-totals" }, ...tot.flatMap(([k, m, y]) => [el("dt", {}, k),
      el("dd", {}, m ? el("span", { class: "nw" }, yuan(m) + t("perMonthShort")) : "", m ? " · " : "", el("span", { class: "nw" }, yuan(y) + t("perYearShort")))])));
  } else {
    parts.push(el("p", {}, t("calcUnknown")));
  }
  if (c.alternatives && c.alternatives.length) {
    parts.push(el("ul", { class: "ways", "data-testid": "calc-ways" }, ...c.alternatives.map((a) =>
      el("li", {}, `${zh ? a.name : a.en || a.name}：`, a.monthly_fen ? el("span", { class: "nw" }, yuan(a.monthly_fen) + t("perMonthShort")) : "",
        a.monthly_fen ? " · " : "", el("span", { class: "nw" }, yuan(a.yearly_fen) + t("perYearShort"))))));
  }
  parts.push(el("ol", { class: "calc-reasons" }, ...(c.reasons || []).map((r) => el("li", { "data-code": r.code }, zh ? r.text_zh : r.text_en))));
  if (c.warnings && c.warnings.length) parts.push(el("ul", { class: "hint" }, ...c.warnings.map((w) => el("li", {}, zh ? w.text_zh : w.text_en))));
  const box = $("calc-result");
  box.replaceChildren(...parts);
  nowrapTokens(box);
}

// ---- parameter browser, grouped by topic and collapsible ----
// the catalogue key of each topic (a parameter id's first part)
// (in the order the browser shows them)
const GROUP_KEY = {
  employee: "grp_employee", flexible: "grp_flexible", resident: "grp_resident", contribution: "grp_contribution",
  average_wage: "grp_average_wage", employer: "grp_employer", switch: "grp_switch", retiree: "grp_retiree",
  service: "grp_service", other: "grp_other",
};
function paramGroup(id) {
  const g = id.split(".")[0];
  return GROUP_KEY[g] ? g : "other";
}
function renderParamsGrouped(p) {
  const groups = new Map();
  for (const v of p.parameters) {
    const g = paramGroup(v.id);
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(v);
  }
  const head = ["thParam", "thValue", "thLevel", "thSource", "thReview"].map((k) => t(k));
  const order = Object.keys(GROUP_KEY);
  const sections = [...groups].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0])).map(([g, list]) => {
    const rows = list.map((v) => {
      let value = v.value === "true" ? t("valTrue") : v.value === "false" ? t("valFalse") : v.value || "";
      if (v.status === "not_encoded") value = t("notEncoded");
      if (v.status === "not_applicable") value = t("notApplicable");
      const review = [];
      if (v.review_by) review.push(el("span", { class: "nw" }, v.review_by));
      if (v.stale) review.push(el("span", { class: "badge stale", "data-testid": "stale" }, t("stale")));
      const where = lang === "en" ? v.region_name_en || v.region_name : v.region_name;
      return el("tr", { "data-param": v.id, "data-status": v.status },
        el("td", {}, lang === "zh" ? v.label_zh : v.label_en, el("br"), el("small", { class: "pid" }, v.id)),
        el("td", {}, value, v.since ? el("br") : null, v.since ? el("small", {}, fill("since", { date: v.since })) : null),
        el("td", {}, v.level ? el("span", { class: "badge level" }, t(v.level)) : "", where ? " " + where : "",
          v.national_default ? el("span", { class: "badge aggregator" }, t("nationalDefault")) : null),
        el("td", { class: "src" }, citeLink(v.citation), v.article ? el("small", {}, " " + v.article) : null, confBadge(v.confidence)),
        el("td", {}, review));
    });
    const table = el("table", { class: "cards", "data-testid": "params-table" },
      el("thead", {}, el("tr", {}, head.map((h) => el("th", {}, h)))), el("tbody", {}, rows));
    return el("details", { "data-testid": "params-group", "data-group": g },
      el("summary", {}, t(GROUP_KEY[g]), " ", el("small", {}, fill("nParams", { n: list.length }))), cardify(table));
  });
  const name = lang === "en" ? p.region.full_name_en || p.region.full_name : p.region.full_name;
  $("params").replaceChildren(el("p", { class: "hint" }, `${name} (${p.region.code}) · ${p.as_of}`), ...sections);
  nowrapTokens($("params"));
}

// ---- phone cards and unbreakable figures ----
// cardify copies each column's header into its cells (data-label), which
// the style sheet shows as the row label when a table becomes cards below
// 600 px, and puts each cell's content in one span (.cv) beside it.
function cardify(table) {
  const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent);
  for (const tr of table.querySelectorAll("tbody tr")) {
    [...tr.children].forEach((td, i) => {
      if (heads[i]) td.setAttribute("data-label", heads[i]);
      // one box for the cell's content: the card lays out label | content
      if (!td.querySelector(":scope > .cv") && td.childNodes.length) {
        const cv = el("span", { class: "cv" });
        cv.append(...td.childNodes);
        td.append(cv);
      }
    });
  }
  return table;
}
// nowrapTokens wraps every date, month, amount, rate and phone number in the
// text under root in a span that never breaks (class nw), so 2026-07-01 and
// 4,000.00元 are never split across lines.
const FIGURE = /\d{4}-\d{2}(?:-\d{2})?|\d{3,4}-\d{5,8}|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?: ?元| yuan)?|\d+\.\d+(?: ?元| yuan|%)?|\d+(?: ?元|%| yuan)/g;
function nowrapTokens(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement.closest("svg, .nw, script, style, option, a") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const nodes = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (/\d/.test(n.data)) nodes.push(n);
  for (const n of nodes) {
    const s = n.data, parts = [];
    let last = 0;
    for (const m of s.matchAll(FIGURE)) {
      if (m[0].length < 3) continue;
      if (m.index > last) parts.push(s.slice(last, m.index));
      parts.push(el("span", { class: "nw" }, m[0]));
      last = m.index + m[0].length;
    }
    if (!parts.length) continue;
    if (last < s.length) parts.push(s.slice(last));
    n.replaceWith(...parts);
  }
}

// English mode: the labels of plan options name the way to pay as the
// region does (单建统筹); the quote lists each way's English name.
function enWays(text) {
  const alts = (lastAnswer && lastAnswer.quote && lastAnswer.quote.alternatives) || [];
  for (const a of alts) if (a.en) text = text.split(a.name).join(a.en);
  return text;
}

// afterRender runs once the answer is on the page: the added sections, the
// cards and the unbreakable figures.
function afterRender() {
  if (!lastAnswer) return;
  const svg = document.querySelector('[data-testid="timeline"]');
  if (svg) svg.setAttribute("preserveAspectRatio", "xMinYMin meet");
  renderBillsResult(lastAnswer);
  renderPrintHead(lastAnswer);
  const pt = document.querySelector('[data-testid="plan-table"]');
  if (pt && !pt.classList.contains("cards")) { pt.classList.add("cards"); cardify(pt); }
  nowrapTokens($("result"));
}

let lastCase = null;
document.addEventListener("DOMContentLoaded", () => {
  $("add-event").addEventListener("click", () => addEvent());
  $("add-bill").addEventListener("click", () => addBill());
  $("calc-form").addEventListener("submit", runCalc);
  $("print").addEventListener("click", () => window.print());
  labelCalc();
});

// ==== 批量 tab (issue 13 item 3): a ledger table uploaded to POST
// /v1/batch, processed in memory on the server (within its body limit, 413
// beyond it); the persons' results, the rejected rows and the accounting are
// shown, and the server's own CSV answer is offered for download.
function showTab(which) {
  const batch = which === "batch";
  $("batch-card").hidden = !batch;
  $("single").hidden = batch;
  $("tab-single").setAttribute("aria-selected", String(!batch));
  $("tab-batch").setAttribute("aria-selected", String(batch));
}
let lastBatch = null;
let batchURL = "";
let batchCSV = ""; // the server's CSV answer, offered for download
let batchXLSXURL = "";
let batchXLSXSize = 0; // bytes of the server's XLSX answer (0: none)
async function runBatch(ev) {
  ev.preventDefault();
  const box = $("batch-result");
  box.hidden = false;
  const f = $("batch-file").files[0];
  if (!f) { box.replaceChildren(el("p", { class: "error-text" }, t("batchNoFile"))); return; }
  const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  const isXLSX = /\.xlsx$/i.test(f.name);
  const kind = isXLSX ? xlsxType : /\.tsv$/i.test(f.name) ? "text/tab-separated-values" : "text/csv";
  // a workbook carries its own encoding: no charset
  const headers = { "Content-Type": isXLSX ? kind : `${kind}; charset=${$("batch-encoding").value}` };
  const q = new URLSearchParams();
  const asOf = $("batch-as-of").value;
  if (asOf) q.set("as_of", asOf);
  if (region) q.set("region", region.code); // a default for rows without one
  const url = "/v1/batch" + (q.toString() ? "?" + q.toString() : "");
  box.replaceChildren(el("p", { class: "hint" }, t("batchRunning")));
  const data = await f.arrayBuffer();
  let res;
  try {
    res = await fetch(url, { method: "POST", headers: { ...headers, Accept: "application/x-ndjson" }, body: data });
  } catch (e) { box.replaceChildren(el("p", { class: "error-text" }, t("networkError"))); return; }
  const text = await res.text();
  if (!res.ok) {
    let msg = text;
    try { const p = JSON.parse(text); msg = (lang === "zh" ? p.zh : p.en) || p.detail || p.title; } catch (e) { /* not JSON */ }
    box.replaceChildren(el("p", { class: "error-text", "data-testid": "batch-error" }, `${res.status}: ${msg}`));
    return;
  }
  const lines = text.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
  // the CSV to download is the server's own answer, as yibao batch writes it
  let csv = null;
  try {
    const r2 = await fetch(url, { method: "POST", headers: { ...headers, Accept: "text/csv" }, body: data });
    if (r2.ok) csv = await r2.text();
  } catch (e) { /* the table is still shown */ }
  // and the same answer as a workbook (frozen header, summary sheet)
  let xlsx = null;
  try {
    const r3 = await fetch(url + (url.includes("?") ? "&" : "?") + "lang=" + lang, { method: "POST", headers: { ...headers, Accept: xlsxType }, body: data });
    if (r3.ok) xlsx = await r3.blob();
  } catch (e) { /* the CSV is still offered */ }
  if (batchURL) URL.revokeObjectURL(batchURL);
  if (batchXLSXURL) URL.revokeObjectURL(batchXLSXURL);
  batchCSV = csv || "";
  batchXLSXSize = xlsx ? xlsx.size : 0;
  // a byte order mark so Excel opens the UTF-8 file as UTF-8
  batchURL = csv ? URL.createObjectURL(new Blob(["\ufeff", csv], { type: "text/csv;charset=utf-8" })) : "";
  batchXLSXURL = xlsx ? URL.createObjectURL(xlsx) : "";
  lastBatch = { name: f.name, lines };
  renderBatch(lastBatch);
}
function renderBatch(b) {
  const results = b.lines.filter((l) => l.kind === "result");
  const rejects = b.lines.filter((l) => l.kind === "reject");
  const sum = b.lines.find((l) => l.kind === "summary") || {};
  const parts = [el("p", { "data-testid": "batch-summary" }, fill("batchCounts", {
    rows: sum.rows_in, used: sum.rows_used, rejected: sum.rows_rejected, persons: sum.persons, personsRejected: sum.persons_rejected }))];
  if (sum.by_status) {
    parts.push(el("ul", { class: "legend" }, ...Object.entries(sum.by_status).map(([s, n]) =>
      el("li", { "data-status": s }, el("i", { class: "lg-" + s }), `${t(s)}：${n}`))));
  }
  if (batchURL) {
    const base = b.name.replace(/\.[^.]*$/, "");
    parts.push(el("p", {}, el("a", { class: "button", href: batchURL, download: `${base}-yibao.csv`, "data-testid": "batch-download" }, t("batchDownload"))));
  }
  if (batchXLSXURL) {
    const base = b.name.replace(/\.[^.]*$/, "");
    parts.push(el("p", {}, el("a", { class: "button", href: batchXLSXURL, download: `${base}-yibao.xlsx`, "data-testid": "batch-download-xlsx" }, t("batchDownloadXLSX"))));
  }
  const head = ["batchPerson", "status", "deadline", "batchAmount", "firstCovered", "batchSummary"].map((k) => t(k));
  const rows = results.map((r) => el("tr", { "data-testid": "batch-row" },
    el("td", { class: "nw" }, r.person_id), el("td", {}, t(r.status)),
    el("td", { class: "nw" }, r.deadline || (r.deadline_expired ? fill("expired", { date: r.deadline_expired }) : "—")),
    el("td", { class: "nw num" }, r.amount_fen !== "" && r.amount_fen !== undefined ? yuan(Number(r.amount_fen)) : "—"),
    el("td", { class: "nw" }, r.first_covered_date || "—"),
    el("td", {}, r.summary)));
  parts.push(cardify(el("table", { class: "cards", "data-testid": "batch-table" },
    el("thead", {}, el("tr", {}, head.map((h) => el("th", {}, h)))), el("tbody", {}, rows))));
  if (rejects.length) {
    parts.push(el("h3", {}, t("batchRejects")), el("ul", { "data-testid": "batch-rejects" },
      ...rejects.map((r) => el("li", {}, fill("batchReject", { line: r.line, column: r.column || "—", reason: r.reason })))));
  }
  $("batch-result").replaceChildren(...parts);
  nowrapTokens($("batch-result"));
}
document.addEventListener("DOMContentLoaded", () => {
  $("tab-single").addEventListener("click", () => showTab("single"));
  $("tab-batch").addEventListener("click", () => showTab("batch"));
  $("batch-form").addEventListener("submit", runBatch);
  $("batch-as-of").value = today();
});
