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
  showRegion();
  if (lastAnswer) renderAnswer(lastAnswer);
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
      r.full_name || r.name, " ", el("small", {}, r.code), regionTag(r));
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
  $("region-q").value = r.full_name || r.name;
  $("load-params").disabled = false;
  lastParams = null;
  $("params").replaceChildren();
  showRegion();
}
function showRegion() {
  const p = $("region-selected");
  if (!region) { p.replaceChildren(); return; }
  p.replaceChildren(t("selected"), `${region.full_name} (${region.code})`, regionTag(region));
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
function buildCase() {
  const problems = [];
  if (!region) problems.push(t("noRegion"));
  const c = { region: region ? region.code : "", as_of: $("as-of").value, ledger: [], resident_years: [] };
  for (const r of document.querySelectorAll(".row")) {
    const val = (n) => r.querySelector(`[name=${n}]`).value.trim();
    const from = val("from"), to = val("to") || val("from"), paidOn = val("paid_on"), base = val("base");
    if (!from) continue;
    const scheme = val("scheme"), status = val("status");
    if (scheme === "resident") {
      // one coverage year per row: the year of "from"
      c.resident_years.push({ year: Number(from.slice(0, 4)), paid_on: paidOn });
      continue;
    }
    const row = { from, to, scheme, status };
    if (base !== "") row.base_fen = Math.round(Number(base) * 100);
    if (paidOn) row.paid_on = paidOn;
    c.ledger.push(row);
  }
  const birth = $("birth").value, sex = $("sex").value, post = $("post").value;
  if (birth || sex) {
    c.person = {};
    if (birth) c.person.birth = birth;
    if (sex) c.person.sex = sex;
    if (sex === "female" && post) c.person.post = post;
  }
  if (chosenWay) c.quote = { option: chosenWay };
  if (!c.ledger.length) delete c.ledger;
  if (!c.resident_years.length) delete c.resident_years;
  if (!c.ledger && !c.resident_years) problems.push(t("noRows"));
  return { c, problems };
}

function showErrors(list) {
  const box = $("errors");
  if (!list.length) { box.hidden = true; return; }
  $("error-list").replaceChildren(...list.map((e) => (e instanceof Node ? e : el("li", {}, e))));
  box.hidden = false;
}

async function submit(ev) {
  ev.preventDefault();
  const { c, problems } = buildCase();
  if (problems.length) { showErrors(problems); return; }
  showErrors([]);
  const body = JSON.stringify(c);
  let res, ans;
  try {
    res = await fetch("/v1/assess", { method: "POST", headers: { "Content-Type": "application/json" }, body });
    ans = await res.json();
  } catch (e) { showErrors([t("networkError")]); return; }
  if (!res.ok) {
    // each problem in the reader's language (zh/en from the catalogue); its path is on the item for placing it by the field
    const errs = (ans.errors || []).map((e) => el("li", { "data-path": e.path || "", "data-code": e.code },
      (lang === "zh" ? e.zh : e.en) || (e.path ? e.path + ": " : "") + e.message));
    showErrors(errs.length ? errs : [(lang === "zh" ? ans.zh : ans.en) || ans.detail || ans.title]);
    return;
  }
  lastAnswer = ans;
  renderAnswer(ans);
  $("result").hidden = false;
  loadPlan(body);
}

// ---- results ----
function monthIndex(m) { const [y, mo] = m.split("-").map(Number); return y * 12 + mo - 1; }
function monthName(i) { return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`; }

function renderAnswer(a) {
  $("summary").textContent = fill("summary", { region: a.region_name || a.region.code, as_of: a.as_of,
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
        fill("way", { name: a.name, rate: (a.rate / 10000).toString() + "%", monthly: yuan(a.monthly_fen), total: yuan(a.total_fen) }));
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
    el("td", {}, (o.allowed === "no" ? t("notAllowed") : "") + (zh ? o.label_zh : o.label_en)),
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
      fill(r.earliest_elective === r.latest_elective ? "retireLine" : "retireElective", { month: r.month, age: r.age, date: r.date, earliest: r.earliest_elective, latest: r.latest_elective }),
      fill(r.reached ? "yearsReached" : "yearsLine", { date: r.date, now: r.cumulative_months_now, at: r.cumulative_months_at_retirement }),
      (r.reached ? t("rulesToday") : fill("rulesOn", { date: r.rules_on })) +
        (r.required_known ? fill(r.reached ? "requiredLine" : "requiredPace", { required: r.required_months, short: r.shortfall_months }) : t("requiredUnknown"))];
    if (p.top_up_text) lines.push(zh ? p.top_up_text[0] : p.top_up_text[1]);
    const src = r.citation ? el("p", { class: "cite" }, citeLink(r.citation), r.citation.article ? " " + r.citation.article : "") : null;
    parts.push(el("div", { "data-testid": "plan-retirement" }, el("h3", {}, t("retirement")), ...lines.map((x) => el("p", {}, x)), src));
  }
  $("plan-body").replaceChildren(...parts);
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
function renderParams(p) {
  const rows = p.parameters.map((v) => {
    let value = v.value || "";
    if (v.status === "not_encoded") value = t("notEncoded");
    if (v.status === "not_applicable") value = t("notApplicable");
    const review = [];
    if (v.review_by) review.push(v.review_by);
    if (v.stale) review.push(el("span", { class: "badge stale", "data-testid": "stale" }, t("stale")));
    return el("tr", { "data-param": v.id, "data-status": v.status },
      el("td", {}, lang === "zh" ? v.label_zh : v.label_en, el("br"), el("small", {}, v.id)),
      el("td", {}, value, v.since ? el("br") : null, v.since ? el("small", {}, fill("since", { date: v.since })) : null),
      el("td", {}, v.level ? el("span", { class: "badge level" }, t(v.level === "province" && p.region.municipality ? "municipality" : v.level)) : "", v.region_name ? " " + v.region_name : "",
        v.national_default ? el("span", { class: "badge aggregator" }, t("nationalDefault")) : null),
      el("td", {}, citeLink(v.citation), v.article ? el("small", {}, " " + v.article) : null, confBadge(v.confidence)),
      el("td", {}, review));
  });
  $("params").replaceChildren(el("p", { class: "hint" }, `${p.region.full_name} (${p.region.code}) · ${p.as_of}`),
    el("table", { "data-testid": "params-table" },
      el("thead", {}, el("tr", {}, ["thParam", "thValue", "thLevel", "thSource", "thReview"].map((k) => el("th", {}, t(k))))),
      el("tbody", {}, rows)));
}

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
});
