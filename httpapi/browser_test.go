package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"yibao/httpapi"
	"yibao/policy"
	"yibao/report"
)

// chromiumPath finds Debian's chromium. Without it the browser test skips,
// unless CI is set: there it must run (.ci/run installs chromium).
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "/usr/bin/chromium"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium binary, and CI is set: the browser test must run in CI (apt-get install -y chromium)")
	}
	t.Skip("skipping the browser test: no chromium binary (apt-get install -y chromium); CI=true makes this a failure")
	return ""
}

func tid(id string) chromedp.CSS { return chromedp.CSS(`[data-testid="` + id + `"]`) }

// TestBrowser drives the real page in Debian's chromium at phone width: picks
// 泸州, enters a flexible worker paid 2024-01..2026-05 and lapsed since,
// as of 2026-09-10, and checks the timeline, the first covered month, the
// English toggle and the parameter browser.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: no browser")
	}
	bin := chromiumPath(t)
	ts := httptest.NewServer(newServer(t, func(c *httpapi.Config) {
		c.Plan = httpapi.PlanFunc(testEngine)
		c.Contrib = httpapi.ContribFunc(testEngine)
	}))
	defer ts.Close()

	actx, cancel := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-quic", true), chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("lang", "zh-CN"),
	)...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	// start the browser without a deadline (a deadline on the first Run stops it)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 812)); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	ctx, cancel2 := context.WithTimeout(ctx, 60*time.Second)
	defer cancel2()

	screenshot := func(name string) {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Errorf("screenshot: %v", err)
			return
		}
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", p)
		if dir := os.Getenv("YIBAO_SCREENSHOT_DIR"); dir != "" {
			os.WriteFile(filepath.Join(dir, name), png, 0o644)
		}
	}
	step := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			screenshot("failed.png")
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel chromedp.CSS) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(sel))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}
	eval := func(js string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return n
	}

	step("load the page", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(tid("region-input")), chromedp.WaitReady(chromedp.CSS("body[data-ready]")))
	step("search 泸州", chromedp.SendKeys(tid("region-input"), "泸州"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="region-option"][data-code="510500"]`)))
	step("pick 泸州", chromedp.Click(chromedp.CSS(`[data-testid="region-option"][data-code="510500"]`)))
	if got := text(tid("region-selected")); !strings.Contains(got, "四川省泸州市") || !strings.Contains(got, "市级") || strings.Contains(got, "已编码") {
		t.Errorf("selected region: %q", got)
	}
	step("enter the ledger",
		chromedp.SetValue(tid("row-from"), "2024-01"),
		chromedp.SetValue(tid("row-to"), "2026-05"),
		chromedp.SetValue(tid("row-scheme"), "flexible"),
		chromedp.SetValue(tid("row-status"), "paid"),
		chromedp.SetValue(tid("row-base"), "4500"),
		chromedp.SetValue(tid("as-of"), "2026-09-10"),
		chromedp.SetValue(tid("birth"), "1987-03-10"),
		chromedp.SetValue(tid("sex"), "male"),
	)
	step("submit", chromedp.Click(tid("submit")), chromedp.WaitVisible(tid("timeline")))

	if got := text(tid("first-covered")); got != "2026-06-01" {
		t.Errorf("first covered %q, want 2026-06-01", got)
	}
	if got := text(tid("deadline")); got != "2026-09-30" {
		t.Errorf("deadline %q, want 2026-09-30", got)
	}
	// one cell per month from 2024-01 to 2026-09
	if n := eval(`document.querySelectorAll('[data-testid="timeline"] rect[data-month]').length`); n != 33 {
		t.Errorf("%d month cells, want 33", n)
	}
	if n := eval(`document.querySelectorAll('[data-testid="timeline"] rect[data-status="covered"]').length`); n != 29 {
		t.Errorf("%d covered cells, want 29", n)
	}
	if n := eval(`document.querySelectorAll('[data-testid="marker-first-covered"], [data-testid="marker-deadline"]').length`); n != 2 {
		t.Errorf("%d markers, want 2", n)
	}
	// the legend lists the statuses the timeline shows, and the two markers
	if n := eval(`document.querySelectorAll('[data-testid="legend"] li').length`); n != 4 {
		t.Errorf("%d legend entries, want 4 (covered, suspended, two markers)", n)
	}
	// 连续 0 after 29 paid months is explained, in the answer's words
	if got := text(tid("summary")); !strings.Contains(got, "累计缴费 29 个月，连续 0 个月") || !strings.Contains(got, "目前处于断缴中（自 2026-06 起），所以连续月数为 0") {
		t.Errorf("summary: %q", got)
	}
	// the legend's words are the CLI's: the catalogue's status.* texts
	legend, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify([...document.querySelectorAll('[data-testid="legend"] li[data-status]')].map(e => [e.dataset.status, e.textContent]))`))
	if err != nil {
		t.Fatal(err)
	}
	var pairs [][2]string
	if err := json.Unmarshal([]byte(legend), &pairs); err != nil || len(pairs) == 0 {
		t.Errorf("legend %q: %v", legend, err)
	}
	for _, p := range pairs {
		if want := report.StatusText(p[0], report.ZH); p[1] != want {
			t.Errorf("legend says %q for %s, the CLI says %q", p[1], p[0], want)
		}
	}
	if got := text(tid("hotline")); got != "0830-12393" {
		t.Errorf("hotline %q", got)
	}
	if n := eval(`document.querySelectorAll('[data-testid="reasons"] li').length`); n == 0 {
		t.Error("no reasons")
	}
	if n := eval(`document.querySelectorAll('[data-testid="reasons"] [data-testid="confidence"]').length`); n == 0 {
		t.Error("no confidence badges")
	}
	// the ranked options from POST /v1/plan: at least the back-pay option and
	// the residents' one, the first with a first covered date
	step("wait for the plan", chromedp.WaitVisible(tid("plan-table")))
	if n := eval(`document.querySelectorAll('[data-testid="plan-row"]').length`); n < 2 {
		t.Errorf("%d plan rows, want at least 2", n)
	}
	if n := eval(`/^\d{4}-\d{2}-\d{2}$/.test(document.querySelector('[data-testid="plan-first"]').textContent) ? 1 : 0`); n != 1 {
		t.Error("the first option has no first covered date")
	}
	// the retirement block: born 1987-03-10, a man retires at 63 (the 2024 NPC
	// decision), on 2050-03-10; 泸州's minimum years are not encoded for that
	// date and it says so
	if got := text(tid("plan-retirement")); !strings.Contains(got, "2050-03（63岁，2050-03-10 达到）") || !strings.Contains(got, "按退休日 2050-03-10 适用的规定") || !strings.Contains(got, "并非全国规定") {
		t.Errorf("retirement block: %q", got)
	}
	// no horizontal scrolling at 375px
	if n := eval(`document.documentElement.scrollWidth`); n > 375 {
		wide, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > 375 || e.scrollWidth > e.clientWidth + 1).slice(0, 8).map(e => e.tagName + "." + e.className + "#" + e.id + ":" + Math.round(e.getBoundingClientRect().right) + "/" + e.scrollWidth)`))
		t.Errorf("page is %dpx wide at a 375px viewport; too wide: %v", n, wide)
	}
	screenshot("result-zh.png")

	// one answer: every flexible option in the plan covers from the quote's
	// first covered date (the quote and the options are one simulation)
	agree := func(what, want string) {
		t.Helper()
		step(what+": submit", chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="plan-table"]')?.remove()`),
			chromedp.Click(tid("submit")), chromedp.WaitVisible(tid("plan-table")))
		if got := text(tid("first-covered")); got != want {
			t.Errorf("%s: quote first covered %q, want %q", what, got, want)
		}
		firsts, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('[data-testid="plan-row"][data-kind$="_flexible"] [data-testid="plan-first"]')].map(e => e.textContent)`))
		if err != nil || len(firsts) == 0 {
			t.Fatalf("%s: no flexible plan rows (%v)", what, err)
		}
		for _, f := range firsts {
			if f != want {
				t.Errorf("%s: a plan option covers from %s, the quote from %s", what, f, want)
			}
		}
	}
	// 泸州 on 2026-11-27, lapsed since 2026-07: the grace deadline 2026-10-31
	// has passed; it is shown as passed and no option carries it as open
	step("泸州 lapsed 4 months", chromedp.SetValue(tid("row-to"), "2026-06"), chromedp.SetValue(tid("as-of"), "2026-11-27"))
	// the lapse is beyond the grace window and 泸州's waiting rule is not
	// encoded: both say "at the latest", six months (the national cap) on
	agree("泸州 2026-11-27", "最迟 2027-05-01")
	if got := text(tid("deadline")); !strings.Contains(got, "已过期") || !strings.Contains(got, "2026-10-31") {
		t.Errorf("泸州: deadline %q, want it shown as expired on 2026-10-31", got)
	}
	// one plain sentence says which figures are missing and what to ask at 0830-12393
	// (泸州's 2026 base is encoded since issue 11's data pass; the lapse rules beyond the window are not)
	if got := text(tid("missing")); !strings.Contains(got, "断缴超过宽限期后的待遇等待期") || !strings.Contains(got, "0830-12393") || strings.Contains(got, "flexible.") {
		t.Errorf("泸州: missing-figures sentence %q", got)
	}
	if n := eval(`[...document.querySelectorAll('[data-testid="plan-deadline"]')].filter(e => e.textContent === "2026-10-31").length`); n != 0 {
		t.Errorf("泸州: %d options carry the passed deadline as open", n)
	}
	// 泸州 in 2025 prices a fixed base (80% of the 2023 provincial wage) two
	// ways: 统账结合 9% and 单建统筹 6.3%, side by side; picking one prices it alone
	// (the 2026 answer above has ways too since 泸州 2026 is priced: remove
	// them so the wait is for the new answer's)
	step("泸州 2025", chromedp.SetValue(tid("row-to"), "2024-12"), chromedp.SetValue(tid("as-of"), "2025-04-15"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="ways"]')?.remove()`),
		chromedp.Click(tid("submit")), chromedp.WaitVisible(tid("ways")))
	if n := eval(`document.querySelectorAll('[data-testid="way-option"]').length`); n != 2 {
		t.Errorf("泸州 2025: %d ways to pay, want 2", n)
	}
	if got := text(tid("quote")); !strings.Contains(got, "542.00") || !strings.Contains(got, "单建统筹（6.3%）：379.00") {
		t.Errorf("泸州 2025 quote: %q", got)
	}
	step("choose 单建统筹", chromedp.Click(chromedp.CSS(`[data-testid="way-option"][data-way="单建统筹"]`)), chromedp.WaitVisible(tid("way-chosen")))
	if got := text(tid("quote")); !strings.Contains(got, "379.00") || !strings.Contains(got, "1,516.00") {
		t.Errorf("泸州 2025 单建统筹: %q", got)
	}
	screenshot("luzhou-2025-ways.png")
	// 上海, employer-paid to 2026-08, as of 2026-11-10: back-pay within the
	// grace window, no retroactive cover, 自缴费次月起 (沪医保规〔2025〕7号):
	// the quote and every flexible option say 2026-12-01
	step("pick 上海", chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="region-input"]').value = ""`), chromedp.SendKeys(tid("region-input"), "上海"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="region-option"][data-code="310000"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="region-option"][data-code="310000"]`)))
	step("上海 ledger", chromedp.SetValue(tid("row-from"), "2010-01"), chromedp.SetValue(tid("row-to"), "2026-08"),
		chromedp.SetValue(tid("row-scheme"), "employee"), chromedp.SetValue(tid("row-base"), "10000"), chromedp.SetValue(tid("as-of"), "2026-11-10"))
	if got := text(tid("region-selected")); !strings.Contains(got, "直辖市") || strings.Contains(got, "省级") {
		t.Errorf("上海's tag: %q, want 直辖市, not 省级", got)
	}
	agree("上海 2026-11-10", "2026-12-01")
	if got := text(tid("deadline")); got != "2026-12-31" {
		t.Errorf("上海: deadline %q, want 2026-12-31", got)
	}
	screenshot("shanghai-zh.png")

	step("switch to English", chromedp.Click(tid("lang-toggle")))
	if got := text(chromedp.CSS(`[data-i18n="firstCovered"]`)); got != "First covered month" {
		t.Errorf("English label %q", got)
	}
	if got := text(tid("first-covered")); got != "2026-12-01" {
		t.Errorf("first covered after the toggle %q", got)
	}

	step("parameter browser", chromedp.Click(tid("load-params")), chromedp.WaitVisible(tid("params-group")))
	if n := eval(`document.querySelectorAll('[data-testid="params-table"] tbody tr').length`); n != int(policy.NumParams) {
		t.Errorf("%d parameter rows, want %d", n, policy.NumParams)
	}
	screenshot("params-en.png")

	step("bad input is listed", chromedp.SetValue(tid("row-to"), "2009-01"), chromedp.Click(tid("submit")), chromedp.WaitVisible(tid("errors")))
	if got := text(tid("errors")); !strings.Contains(got, "ledger[0].to") {
		t.Errorf("errors: %q", got)
	}
	// in Chinese the problem names the row and the field in words, and the
	// item carries the path for placing it by the field
	step("bad input in Chinese", chromedp.Click(tid("lang-toggle")), chromedp.Click(tid("submit")), chromedp.WaitVisible(chromedp.CSS(`#error-list li[data-path="ledger[0].to"]`)))
	if got := text(tid("errors")); !strings.Contains(got, "第1行缴费记录的截止月：2009-01 早于起始月 2010-01") || strings.Contains(got, "ledger[0]") {
		t.Errorf("errors in Chinese: %q", got)
	}
}

// browser is one chromium tab on a test server, at a given viewport.
type browser struct {
	t   *testing.T
	ctx context.Context
	dir string // screenshots and PDFs
}

func newBrowser(t *testing.T, width, height int64) *browser {
	t.Helper()
	bin := chromiumPath(t)
	ts := httptest.NewServer(newServer(t, func(c *httpapi.Config) {
		c.Plan = httpapi.PlanFunc(testEngine)
		c.Contrib = httpapi.ContribFunc(testEngine)
	}))
	t.Cleanup(ts.Close)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-quic", true), chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("lang", "zh-CN"),
	)...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height)); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	// generous: CI shares two cores with other work
	ctx, cancel = context.WithTimeout(ctx, 180*time.Second)
	t.Cleanup(cancel)
	b := &browser{t: t, ctx: ctx, dir: t.TempDir()}
	b.step("load the page", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(tid("region-input")), chromedp.WaitReady(chromedp.CSS("body[data-ready]")))
	return b
}

func (b *browser) screenshot(name string) {
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	b.save(name, png)
}

func (b *browser) save(name string, data []byte) {
	p := filepath.Join(b.dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("saved: %s", p)
	if dir := os.Getenv("YIBAO_SCREENSHOT_DIR"); dir != "" {
		os.WriteFile(filepath.Join(dir, name), data, 0o644)
	}
}

func (b *browser) step(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.screenshot("failed.png")
		b.t.Fatalf("%s: %v", what, err)
	}
}

func (b *browser) text(sel chromedp.CSS) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(sel))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

func (b *browser) strings(js string) []string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](js))
	if err != nil {
		b.t.Fatalf("%s: %v", js, err)
	}
	return v
}

func (b *browser) num(js string) int {
	b.t.Helper()
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](js))
	if err != nil {
		b.t.Fatalf("%s: %v", js, err)
	}
	return n
}

// layoutJS lists what breaks the phone-first rules on the visible page:
//   - a date, month, amount or rate (every .nw span, every td.nw) laid out on
//     more than one line: an inline box that wraps has several client rects,
//     a cell more than one line box tall is taller than 1.6 × its line height;
//   - a date or amount anywhere in the results, the calculator or the
//     parameters that is not inside a .nw box (the rule has a gap);
//   - a table cell whose content is wider than the cell (a column narrower
//     than its content);
//   - an element reaching past the viewport's right edge.
const layoutJS = `(() => {
  const bad = [], vw = document.documentElement.clientWidth;
  const shown = (e) => e.getClientRects().length > 0 && !e.closest("[hidden], details:not([open]) > :not(summary)");
  const name = (e) => e.tagName.toLowerCase() + (e.dataset.testid ? "[" + e.dataset.testid + "]" : "") + " " + JSON.stringify(e.textContent.slice(0, 40));
  // the lines an element's text is laid out on: a Range over a text node
  // has one client rect per line fragment; tops more than 2px apart are
  // different lines
  const lines = (e) => {
    const tops = [], w = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      const r = document.createRange();
      r.selectNodeContents(n);
      for (const x of r.getClientRects()) if (x.width > 0 && !tops.some(t => Math.abs(t - x.top) <= 2)) tops.push(x.top);
    }
    return tops.length;
  };
  for (const e of document.querySelectorAll(".nw")) {
    if (shown(e) && (e.getClientRects().length > 1 || lines(e) > 1)) bad.push("wrapped " + name(e));
  }
  const fig = /\d{4}-\d{2}-\d{2}|\d{1,3}(,\d{3})+\.\d{2}/;
  for (const root of document.querySelectorAll("#result, #calc-result, #params")) {
    const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      if (fig.test(n.data) && !n.parentElement.closest(".nw, svg, a, option") && shown(n.parentElement)) bad.push("figure outside .nw: " + JSON.stringify(n.data.slice(0, 60)));
    }
  }
  for (const td of document.querySelectorAll("td, th")) {
    if (shown(td) && td.scrollWidth > td.clientWidth + 1) bad.push("cell narrower than its content " + name(td) + " " + td.scrollWidth + ">" + td.clientWidth);
  }
  if (document.documentElement.scrollWidth > vw) bad.push("page " + document.documentElement.scrollWidth + "px wide in a " + vw + "px viewport");
  for (const e of document.querySelectorAll("body *")) {
    if (shown(e) && !e.closest(".scroll, .timeline") && e.getBoundingClientRect().right > vw + 0.5) { bad.push("past the right edge " + name(e) + " " + Math.round(e.getBoundingClientRect().right)); break; }
  }
  return bad.slice(0, 20);
})()`

// TestBrowserLayout fills the form's new fields — a job-ended event, a bill,
// a chosen base — at a phone's 375 px and a desktop's 1280 px, runs the
// assessment and the contribution calculator, opens the parameter browser
// and checks that no date or amount wraps, no table column is narrower than
// its content and nothing is wider than the viewport; prints the answer to
// an A4 PDF and checks it is one page. Screenshots and the PDF are saved in
// the test's temp dir (logged).
func TestBrowserLayout(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: no browser")
	}
	for _, vp := range []struct {
		name          string
		width, height int64
	}{{"phone", 375, 812}, {"desktop", 1280, 900}} {
		t.Run(vp.name, func(t *testing.T) {
			b := newBrowser(t, vp.width, vp.height)
			checkLayout := func(when string) {
				t.Helper()
				for _, p := range b.strings(layoutJS) {
					t.Errorf("%s at %dpx: %s", when, vp.width, p)
				}
			}
			// 上海: employed 2015-01..2026-08, the job ended on 2026-08-31; a
			// 1,234.56 yuan outpatient bill on 2026-10-05; back-pay priced at a
			// chosen base of 8,000 yuan; as of 2026-11-10
			b.step("pick 上海", chromedp.SendKeys(tid("region-input"), "上海"),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="region-option"][data-code="310000"]`)),
				chromedp.Click(chromedp.CSS(`[data-testid="region-option"][data-code="310000"]`)))
			b.step("ledger", chromedp.SetValue(tid("row-from"), "2015-01"), chromedp.SetValue(tid("row-to"), "2026-08"),
				chromedp.SetValue(tid("row-scheme"), "employee"), chromedp.SetValue(tid("row-base"), "12000"))
			if n := b.num(`document.querySelector('[data-testid="row-from"]').type === "month" ? 1 : 0`); n != 1 {
				t.Error("the ledger's months are not <input type=month>")
			}
			b.step("an event", chromedp.Click(tid("add-event")), chromedp.SetValue(tid("event-date"), "2026-08-31"), chromedp.SetValue(tid("event-kind"), "job_ended"))
			b.step("a bill", chromedp.Click(tid("add-bill")), chromedp.SetValue(tid("bill-date"), "2026-10-05"),
				chromedp.SetValue(tid("bill-amount"), "1234.56"), chromedp.SetValue(tid("bill-note"), "门诊"))
			b.step("a chosen base", chromedp.SetValue(tid("quote-base"), "8000"), chromedp.SetValue(tid("as-of"), "2026-11-10"),
				chromedp.SetValue(tid("birth"), "1980-05-20"), chromedp.SetValue(tid("sex"), "male"))
			// every dropdown shows its whole choice (职工医保（单位）, not
			// 职工医保（单): the chosen option's text, measured in the select's
			// font, plus padding and ~20px for the arrow fits the select
			if cut := b.strings(`(() => {
				const c = document.createElement("canvas").getContext("2d"), out = [];
				for (const s of document.querySelectorAll("select")) {
					if (!s.getClientRects().length || s.selectedIndex < 0) continue;
					const cs = getComputedStyle(s);
					c.font = cs.font;
					const need = c.measureText(s.options[s.selectedIndex].text).width + parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight) + 20;
					if (need > s.clientWidth) out.push(s.dataset.testid + ": " + s.options[s.selectedIndex].text + " needs " + Math.ceil(need) + "px, has " + s.clientWidth);
				}
				return out;
			})()`); len(cut) > 0 {
				t.Errorf("dropdowns cut at %dpx: %q", vp.width, cut)
			}
			b.screenshot(vp.name + "-form.png")
			b.step("assess", chromedp.Click(tid("submit")), chromedp.WaitVisible(tid("bills-table")), chromedp.WaitVisible(tid("plan-table")))
			// the chosen base prices the back-pay: 8,000 × 10% = 800.00 a month
			if got := b.text(tid("quote")); !strings.Contains(got, "800.00") || !strings.Contains(got, "2,400.00") {
				t.Errorf("quote at the chosen base 8,000: %q", got)
			}
			if got := b.text(tid("bills-table")); !strings.Contains(got, "2026-10-05") || !strings.Contains(got, "1,234.56") || !strings.Contains(got, "不可报销") {
				t.Errorf("bills: %q", got)
			}
			if got := b.text(tid("first-covered")); got != "2026-12-01" {
				t.Errorf("first covered %q, want 2026-12-01", got)
			}
			// below 600 px the tables are cards: cells are blocks, the header row hidden
			display := b.strings(`["thead", "td"].map(s => getComputedStyle(document.querySelector('[data-testid="plan-table"] ' + s)).display)`)
			want := []string{"table-header-group", "table-cell"}
			if vp.width < 600 {
				want = []string{"none", "grid"}
			}
			if strings.Join(display, " ") != strings.Join(want, " ") {
				t.Errorf("plan table: thead and td display %v at %dpx, want %v", display, vp.width, want)
			}
			checkLayout("result")
			b.screenshot(vp.name + "-result.png")

			// the calculator: employee insurance at a base of 12,000 yuan
			b.step("calculator", chromedp.SetValue(tid("calc-scheme"), "employee"), chromedp.SetValue(tid("calc-base"), "12000"),
				chromedp.Click(tid("calc-submit")), chromedp.WaitVisible(tid("calc-table")))
			if got := b.text(tid("calc-result")); !strings.Contains(got, "1,080.00") || !strings.Contains(got, "240.00") || !strings.Contains(got, "12,000.00") {
				t.Errorf("calculator: %q", got)
			}
			checkLayout("calculator")

			// the parameter browser: grouped, collapsed, every parameter once
			b.step("parameters", chromedp.Click(tid("load-params")), chromedp.WaitVisible(tid("params-group")))
			if n := b.num(`document.querySelectorAll('[data-testid="params-group"]').length`); n < 5 {
				t.Errorf("%d parameter groups, want at least 5", n)
			}
			if n := b.num(`document.querySelectorAll('[data-testid="params-table"] tbody tr').length`); n != int(policy.NumParams) {
				t.Errorf("%d parameter rows, want %d", n, policy.NumParams)
			}
			collapsed := b.num(`Math.round(document.getElementById("params-card").getBoundingClientRect().height)`)
			if collapsed > 1200 {
				t.Errorf("the collapsed parameter browser is %dpx tall", collapsed)
			}
			b.step("open two groups", chromedp.Evaluate[chromedp.Void](`[...document.querySelectorAll('[data-testid="params-group"]')].slice(0, 2).forEach(d => d.open = true)`))
			checkLayout("parameters")
			b.screenshot(vp.name + "-calc-params.png")

			// English: labels, region names and the calculator in English
			b.step("English", chromedp.Click(tid("lang-toggle")))
			if got := b.text(tid("region-selected")); !strings.Contains(got, "Shanghai") || strings.Contains(got, "上海") {
				t.Errorf("English region: %q", got)
			}
			if got := b.text(tid("summary")); !strings.HasPrefix(got, "Shanghai, as of 2026-11-10") {
				t.Errorf("English summary: %q", got)
			}
			if got := b.text(tid("calc-result")); !strings.Contains(got, "employer share") || strings.Contains(got, "单位") {
				t.Errorf("English calculator: %q", got)
			}
			// no Chinese left in the page's own words: labels, headings, column
			// labels of the cards, group names, legend, options (policy
			// citations and the region's own names for its ways to pay stay as
			// written)
			if cjk := b.strings(`[...document.querySelectorAll("[data-i18n], label, th, summary, #legend li, option, h2, h3, [data-testid=region-selected], [data-testid=summary]")]
				.map(e => e.textContent).concat([...document.querySelectorAll("[data-label]")].map(e => e.dataset.label))
				.filter(s => /[\u4e00-\u9fff]/.test(s)).slice(0, 10)`); len(cjk) > 0 {
				t.Errorf("Chinese in English mode: %q", cjk)
			}
			checkLayout("English")
			// the English search takes pinyin
			b.step("search Luzhou", chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="region-input"]').value = ""`), chromedp.SendKeys(tid("region-input"), "Luzhou"),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="region-option"][data-code="510500"]`)))
			if got := b.text(chromedp.CSS(`[data-testid="region-option"][data-code="510500"]`)); !strings.HasPrefix(got, "Luzhou, Sichuan") {
				t.Errorf("English region option: %q", got)
			}
			b.screenshot(vp.name + "-en.png")

			// print: one A4 page
			b.step("中文", chromedp.Click(tid("lang-toggle")))
			pdf, err := chromedp.Run(b.ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
			if err != nil {
				t.Fatalf("print: %v", err)
			}
			b.save(vp.name+"-print.pdf", pdf)
			if n := len(pdfPage.FindAll(pdf, -1)); n != 1 {
				t.Errorf("the printed summary is %d A4 pages, want 1", n)
			}

			// 泸州, a job ended on 2024-12-31 after ten employed years, a bill in
			// the gap, as of 2025-04-15: two ways to pay side by side, the bill
			// covered if back-paid today, a retirement block; still one page
			b.step("pick 泸州", chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="region-input"]').value = ""`),
				chromedp.SendKeys(tid("region-input"), "泸州"),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="region-option"][data-code="510500"]`)),
				chromedp.Click(chromedp.CSS(`[data-testid="region-option"][data-code="510500"]`)))
			row2 := func(id string) chromedp.CSS {
				return chromedp.CSS(`[data-testid="ledger-row"]:nth-child(2) [data-testid="` + id + `"]`)
			}
			b.step("泸州 case", chromedp.SetValue(tid("row-to"), "2024-12"), chromedp.SetValue(tid("row-base"), "6000"),
				chromedp.Click(tid("add-row")), chromedp.SetValue(row2("row-from"), "2025-01"), chromedp.SetValue(row2("row-to"), "2025-04"),
				chromedp.SetValue(row2("row-scheme"), "flexible"), chromedp.SetValue(row2("row-status"), "none"),
				chromedp.SetValue(tid("event-date"), "2024-12-31"), chromedp.SetValue(tid("bill-date"), "2025-02-15"),
				chromedp.SetValue(tid("bill-amount"), "8000"), chromedp.SetValue(tid("quote-base"), ""), chromedp.SetValue(tid("as-of"), "2025-04-15"),
				chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="plan-table"]')?.remove()`),
				chromedp.Click(tid("submit")), chromedp.WaitVisible(tid("ways")), chromedp.WaitVisible(tid("plan-table")))
			if got := b.text(tid("quote")); !strings.Contains(got, "542.00") || !strings.Contains(got, "单建统筹（6.3%）：379.00") {
				t.Errorf("泸州 quote: %q", got)
			}
			if got := b.text(tid("bills-table")); !strings.Contains(got, "8,000.00") || !strings.Contains(got, "可报销") {
				t.Errorf("泸州 bills: %q", got)
			}
			checkLayout("泸州")
			b.screenshot(vp.name + "-luzhou.png")
			pdf, err = chromedp.Run(b.ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
			if err != nil {
				t.Fatalf("print: %v", err)
			}
			b.save(vp.name+"-luzhou-print.pdf", pdf)
			if n := len(pdfPage.FindAll(pdf, -1)); n != 1 {
				t.Errorf("泸州: the printed summary is %d A4 pages, want 1", n)
			}
		})
	}
}

// TestBrowserFieldErrors submits a case with two mistakes — a ledger row
// whose "to" month is before its "from", and a birth date after the as-of
// date — at 375 and 1280 px, and checks that each Chinese message is shown
// right under the input it concerns (and only there), that the inputs are
// marked invalid, that the summary at the top links to them, that English
// mode shows the English messages, and that the next submit clears them.
func TestBrowserFieldErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: no browser")
	}
	for _, vp := range []struct {
		name          string
		width, height int64
	}{{"phone", 375, 812}, {"desktop", 1280, 900}} {
		t.Run(vp.name, func(t *testing.T) {
			b := newBrowser(t, vp.width, vp.height)
			b.step("pick 泸州", chromedp.SendKeys(tid("region-input"), "泸州"),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="region-option"][data-code="510500"]`)),
				chromedp.Click(chromedp.CSS(`[data-testid="region-option"][data-code="510500"]`)))
			b.step("a second row", chromedp.Click(tid("add-row")))
			row := func(n int, id string) chromedp.CSS {
				return chromedp.CSS(fmt.Sprintf(`[data-testid="ledger-row"]:nth-child(%d) [data-testid="%s"]`, n, id))
			}
			// row 1 is fine; row 2 ends before it starts; born after the as-of date
			b.step("bad input", chromedp.SetValue(row(1, "row-from"), "2020-01"), chromedp.SetValue(row(1, "row-to"), "2023-12"),
				chromedp.SetValue(row(2, "row-from"), "2026-05"), chromedp.SetValue(row(2, "row-to"), "2025-01"),
				chromedp.SetValue(tid("as-of"), "2026-09-10"), chromedp.SetValue(tid("birth"), "2030-01-01"),
				chromedp.Click(tid("submit")), chromedp.WaitVisible(tid("field-error")))
			// each message: the input's next siblings, its text, where it is
			// drawn (below the input, overlapping it horizontally, within
			// 40px), and the input's marks
			placed := func(sel string) []string {
				return b.strings(`(() => {
					const i = document.querySelector(` + "`" + sel + "`" + `), out = [];
					for (let e = i.nextElementSibling; e && e.classList.contains("field-error"); e = e.nextElementSibling) {
						const a = i.getBoundingClientRect(), m = e.getBoundingClientRect();
						const near = m.top >= a.bottom - 1 && m.top - a.bottom < 40 && m.left < a.right && m.right > a.left;
						out.push(e.textContent + (near ? "" : " [not drawn under the field]"));
					}
					out.push("aria-invalid=" + i.getAttribute("aria-invalid") + " outline=" + getComputedStyle(i).outlineStyle +
						" described=" + (i.getAttribute("aria-describedby") || "").split(" ").every(id => document.getElementById(id)?.classList.contains("field-error")));
					return out;
				})()`)
			}
			marks := "aria-invalid=true outline=solid described=true"
			to := placed(`[data-testid="ledger-row"]:nth-child(2) [data-testid="row-to"]`)
			if len(to) != 2 || to[0] != "2025-01 早于起始月 2026-05" || to[1] != marks {
				t.Errorf("row 2's to: %q, want the message 2025-01 早于起始月 2026-05 under it and the marks", to)
			}
			birth := placed(`[data-testid="birth"]`)
			if len(birth) != 2 || !strings.Contains(birth[0], "2030-01-01") || !strings.Contains(birth[0], "2026-09-10") || strings.Contains(birth[0], "person") || birth[1] != marks {
				t.Errorf("birth: %q, want a Chinese message naming both dates under it and the marks", birth)
			}
			// nothing else is marked: two messages in all, two invalid inputs
			if n := b.num(`document.querySelectorAll(".field-error").length * 10 + document.querySelectorAll("[aria-invalid=true]").length`); n != 22 {
				t.Errorf("%d messages and %d invalid inputs, want 2 and 2", n/10, n%10)
			}
			// the summary at the top: both problems in full, as links to the fields
			summary := b.strings(`[...document.querySelectorAll('[data-testid="error-link"]')].map(a => a.textContent + " -> " + document.querySelector(a.getAttribute("href")).dataset.testid)`)
			if len(summary) != 2 || !strings.HasPrefix(summary[0], "第2行缴费记录的截止月：2025-01 早于起始月 2026-05") || !strings.HasSuffix(summary[0], "-> row-to") ||
				!strings.HasSuffix(summary[1], "-> birth") || strings.Contains(strings.Join(summary, " "), "ledger[") {
				t.Errorf("summary: %q", summary)
			}
			if n := b.num(`document.getElementById("errors").getBoundingClientRect().top < document.getElementById("case").getBoundingClientRect().top ? 1 : 0`); n != 1 {
				t.Error("the summary is not above the form")
			}
			b.step("follow the first link", chromedp.Click(tid("error-link")))
			if got := b.strings(`[document.activeElement.dataset.testid || document.activeElement.id]`); got[0] != "row-to" {
				t.Errorf("the link focused %q, want row 2's to", got)
			}
			for _, p := range b.strings(layoutJS) {
				t.Errorf("errors at %dpx: %s", vp.width, p)
			}
			b.screenshot(vp.name + "-field-errors.png")
			// English: the English messages by the same fields
			b.step("English", chromedp.Click(tid("lang-toggle")))
			if en := placed(`[data-testid="ledger-row"]:nth-child(2) [data-testid="row-to"]`); len(en) != 2 || !strings.Contains(en[0], "2025-01") || regexp.MustCompile(`[\p{Han}]`).MatchString(en[0]) {
				t.Errorf("English message by row 2's to: %q", en)
			}
			b.step("中文", chromedp.Click(tid("lang-toggle")))
			// fixed: the next submit clears every message and mark
			b.step("fix and submit", chromedp.SetValue(row(2, "row-to"), "2026-06"), chromedp.SetValue(tid("birth"), "1987-03-10"),
				chromedp.Click(tid("submit")), chromedp.WaitVisible(tid("timeline")))
			if n := b.num(`document.querySelectorAll(".field-error, [aria-invalid], .invalid").length + (document.getElementById("errors").hidden ? 0 : 100)`); n != 0 {
				t.Errorf("after a good submit: %d marks left (100 = the summary still shown)", n)
			}
		})
	}
}

// TestBrowserBatch uploads examples/roster.csv (Chinese headers, three
// persons) in the 批量 tab at 375 and 1280 px: the accounting, one row per
// person, the CSV to download (the server's own answer) and the layout.
func TestBrowserBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: no browser")
	}
	roster, err := filepath.Abs("../examples/roster.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, vp := range []struct {
		name          string
		width, height int64
	}{{"phone", 375, 812}, {"desktop", 1280, 900}} {
		t.Run(vp.name, func(t *testing.T) {
			b := newBrowser(t, vp.width, vp.height)
			b.step("批量 tab", chromedp.Click(tid("tab-batch")), chromedp.WaitVisible(tid("batch-file")))
			if n := b.num(`document.getElementById("single").hidden ? 1 : 0`); n != 1 {
				t.Error("the one-person form is still shown in the 批量 tab")
			}
			b.step("upload", chromedp.SetUploadFiles(tid("batch-file"), []string{roster}),
				chromedp.SetValue(tid("batch-as-of"), "2026-11-10"), chromedp.Click(tid("batch-submit")),
				chromedp.WaitVisible(tid("batch-table")), chromedp.WaitVisible(tid("batch-download")))
			if got := b.text(tid("batch-summary")); !strings.Contains(got, "共 19 行：使用 19 行，拒绝 0 行；3 人") {
				t.Errorf("batch accounting: %q", got)
			}
			if n := b.num(`document.querySelectorAll('[data-testid="batch-row"]').length`); n != 3 {
				t.Errorf("%d result rows, want 3", n)
			}
			if got := b.text(tid("batch-table")); !strings.Contains(got, "B002") || !strings.Contains(got, "2026-11-30") || !strings.Contains(got, "3,018.40") {
				t.Errorf("batch table: %q", got)
			}
			// the download is the server's CSV (kept in batchCSV; the page's
			// CSP does not let a script fetch the blob: URL): its header row
			// and a row per person
			csv, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`batchCSV`))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(csv, "person_id,region,as_of,status,") || strings.Count(csv, "\n") != 4 {
				t.Errorf("downloaded CSV: %q", csv)
			}
			if got := b.strings(`[document.querySelector('[data-testid="batch-download"]').getAttribute("download")]`); len(got) != 1 || got[0] != "roster-yibao.csv" {
				t.Errorf("download name %v", got)
			}
			// and the workbook: the server's XLSX answer (a zip: PK…), named after the upload
			if n := b.num(`batchXLSXSize`); n < 1000 {
				t.Errorf("XLSX answer of %v bytes", n)
			}
			if got := b.strings(`[document.querySelector('[data-testid="batch-download-xlsx"]').getAttribute("download")]`); len(got) != 1 || got[0] != "roster-yibao.xlsx" {
				t.Errorf("XLSX download name %v", got)
			}
			for _, p := range b.strings(layoutJS) {
				t.Errorf("batch at %dpx: %s", vp.width, p)
			}
			b.screenshot(vp.name + "-batch.png")
			// the same roster as an Excel workbook: the same accounting and rows
			b.num(`document.getElementById("batch-result").replaceChildren(), 0`) // the next answer is drawn afresh
			b.step("upload xlsx", chromedp.SetUploadFiles(tid("batch-file"), []string{strings.TrimSuffix(roster, ".csv") + ".xlsx"}),
				chromedp.Click(tid("batch-submit")), chromedp.WaitVisible(tid("batch-table")), chromedp.WaitVisible(tid("batch-download-xlsx")))
			if got := b.text(tid("batch-summary")); !strings.Contains(got, "共 19 行：使用 19 行，拒绝 0 行；3 人") {
				t.Errorf("batch accounting from the workbook: %q", got)
			}
			if got := b.text(tid("batch-table")); !strings.Contains(got, "B002") || !strings.Contains(got, "3,018.40") {
				t.Errorf("batch table from the workbook: %q", got)
			}
		})
	}
}

// pdfPage matches a page object of a PDF (/Type /Page, not /Pages).
var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)
