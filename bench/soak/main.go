// Command soak is the load generator of bench/soak.sh: it drives a yibao
// server on loopback with a fixed number of connections sending a mix of
// requests for a bounded time — about 60 % POST /v1/assess (the example
// cases, JSON and YAML, rotated), 20 % POST /v1/plan, 10 % GET /v1/contrib
// and /v1/regions?q=, 10 % bad requests (malformed JSON, wrong types, lists
// over their cap, bytes that are not UTF-8, a 300 KB body of empty ledger
// rows, a body over --max-body, a wrong media type or charset, impossible
// facts) — samples the server's VmRSS every 5 s, and prints RSS at the
// start, peak and end, requests/s, the count of each status, transport
// errors, p50/p90/p99 per route class, and checks every answer against the
// status its request expects.
//
//	go run ./bench/soak -url http://127.0.0.1:PORT -pid PID [-c 32] [-d 600s] [-examples examples]
//
// Only 127.0.0.1 is accepted, at most 256 connections and 3600 s. The exit
// status is 1 when a check failed: a 5xx other than 503, a bad request not
// answered 4xx, a good request answered neither 200 nor 503.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"yibao/bench/internal/probe"
)

// A kind is one request the soak sends again and again.
type kind struct {
	name   string
	class  string // route class for the latency table: assess, plan, contrib, regions, bad
	method string
	path   string // with the query
	ctype  string
	body   []byte
	want   int // the status expected (200 for good requests)
}

func (k *kind) bad() bool { return k.want != 200 }

// stats of one kind, per worker, merged at the end.
type stats struct {
	status map[int]int
	errs   map[string]int
	lat    []uint32 // microseconds, answered requests
}

func newStats() *stats { return &stats{status: map[int]int{}, errs: map[string]int{}} }

func main() {
	base := flag.String("url", "", "http://127.0.0.1:PORT")
	pid := flag.Int("pid", 0, "the server's process id, for VmRSS")
	conns := flag.Int("c", 32, "concurrent connections (at most 256)")
	dur := flag.Duration("d", 600*time.Second, "how long (at most 3600s)")
	exdir := flag.String("examples", "examples", "directory of the example cases (*.json, *.yaml)")
	every := flag.Duration("sample", 5*time.Second, "RSS sampling interval")
	flag.Parse()
	u, err := url.Parse(*base)
	if err != nil || u.Scheme != "http" || u.Hostname() != "127.0.0.1" || u.Port() == "" {
		fatal("-url must be http://127.0.0.1:PORT: loopback only")
	}
	if *conns < 1 || *conns > 256 || *dur <= 0 || *dur > 3600*time.Second || *pid <= 0 || *every < time.Second {
		fatal("want 1 ≤ -c ≤ 256, 0 < -d ≤ 3600s, -sample ≥ 1s and -pid")
	}
	root := strings.TrimSuffix(u.String(), "/")

	good, badKinds := buildKinds(*exdir)
	var assess, plan, get []*kind
	for _, k := range good {
		switch k.class {
		case "assess":
			assess = append(assess, k)
		case "plan":
			plan = append(plan, k)
		default:
			get = append(get, k)
		}
	}
	all := slices.Concat(assess, plan, get, badKinds)
	index := map[*kind]int{}
	for i, k := range all {
		index[k] = i
	}
	// pick: a cycle of 10 slots, 6 assess, 2 plan, 1 GET, 1 bad; within each
	// group the kinds rotate on their own counter.
	slots := []string{"assess", "plan", "assess", "get", "assess", "bad", "assess", "plan", "assess", "assess"}
	var ctr [4]atomic.Uint64
	pick := func(n uint64) *kind {
		switch slots[n%uint64(len(slots))] {
		case "assess":
			return assess[(ctr[0].Add(1)-1)%uint64(len(assess))]
		case "plan":
			return plan[(ctr[1].Add(1)-1)%uint64(len(plan))]
		case "get":
			return get[(ctr[2].Add(1)-1)%uint64(len(get))]
		default:
			return badKinds[(ctr[3].Add(1)-1)%uint64(len(badKinds))]
		}
	}

	tr := &http.Transport{
		MaxIdleConns: *conns, MaxIdleConnsPerHost: *conns, MaxConnsPerHost: *conns,
		DialContext:        (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		DisableCompression: true,
	}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}

	var (
		mu     sync.Mutex
		merged = make([]*stats, len(all))
		done   atomic.Int64
		shed   atomic.Int64
		failed atomic.Int64
		seq    atomic.Uint64
	)
	for i := range merged {
		merged[i] = newStats()
	}

	rssStart, cpuStart, fdStart := probe.VmField(*pid, "VmRSS"), cpuTicks(*pid), fds(*pid)
	fmt.Printf("soak: %d connections, %s, %s (server pid %d); %d kinds (%d assess, %d plan, %d GET, %d bad)\n",
		*conns, *dur, root, *pid, len(all), len(assess), len(plan), len(get), len(badKinds))
	fmt.Printf("start: VmRSS %.1f MB, %d open fds\n", mb(rssStart), fdStart)

	ctx, cancel := context.WithTimeout(context.Background(), *dur)
	defer cancel()
	start := time.Now()
	var wg sync.WaitGroup
	for range *conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := make([]*stats, len(all))
			for i := range mine {
				mine[i] = newStats()
			}
			for ctx.Err() == nil {
				k := pick(seq.Add(1) - 1)
				st := mine[index[k]]
				var body io.Reader
				if k.body != nil {
					body = bytes.NewReader(k.body)
				}
				req, _ := http.NewRequestWithContext(ctx, k.method, root+k.path, body)
				if k.ctype != "" {
					req.Header.Set("Content-Type", k.ctype)
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				d := time.Since(t0)
				if ctx.Err() != nil {
					break // cut by the end of the run: not counted
				}
				done.Add(1)
				if err != nil {
					st.errs[probe.ErrClass(err)]++
					failed.Add(1)
					continue
				}
				st.status[resp.StatusCode]++
				st.lat = append(st.lat, uint32(min(d.Microseconds(), 1<<32-1)))
				if resp.StatusCode == 503 {
					shed.Add(1)
				}
			}
			mu.Lock()
			for i, s := range mine {
				m := merged[i]
				m.lat = append(m.lat, s.lat...)
				for c, n := range s.status {
					m.status[c] += n
				}
				for e, n := range s.errs {
					m.errs[e] += n
				}
			}
			mu.Unlock()
		}()
	}

	fmt.Printf("%6s %9s %8s %7s %7s\n", "t", "rss_MB", "req/s", "503", "errors")
	var samples []int64
	peak := rssStart
	tick := time.NewTicker(*every)
	var lastDone, lastShed, lastFail int64
	last := start
	for ctx.Err() == nil {
		select {
		case <-ctx.Done():
			continue
		case <-tick.C:
		}
		rss := probe.VmField(*pid, "VmRSS")
		samples = append(samples, rss)
		peak = max(peak, rss)
		now := time.Now()
		d, s, f := done.Load(), shed.Load(), failed.Load()
		fmt.Printf("%5.0fs %9.1f %8.0f %7d %7d\n", now.Sub(start).Seconds(), mb(rss),
			float64(d-lastDone)/now.Sub(last).Seconds(), s-lastShed, f-lastFail)
		lastDone, lastShed, lastFail, last = d, s, f, now
	}
	tick.Stop()
	wg.Wait()
	elapsed := time.Since(start)
	rssEnd, hwm, cpuEnd, fdEnd := probe.VmField(*pid, "VmRSS"), probe.VmField(*pid, "VmHWM"), cpuTicks(*pid), fds(*pid)
	peak = max(peak, rssEnd)
	tr.CloseIdleConnections()

	// totals
	statuses, errs := map[int]int{}, map[string]int{}
	classes := map[string][]uint32{}
	var problems, notes []string
	for i, k := range all {
		m := merged[i]
		for c, n := range m.status {
			statuses[c] += n
		}
		for e, n := range m.errs {
			errs[e] += n
		}
		classes[k.class] = append(classes[k.class], m.lat...)
		for c, n := range m.status {
			switch {
			case c == k.want || c == 503:
			case c >= 500:
				problems = append(problems, fmt.Sprintf("%s: %d × %d (want %d)", k.name, n, c, k.want))
			case k.bad() && c >= 400 && c < 500:
				notes = append(notes, fmt.Sprintf("%s: %d × %d (want %d)", k.name, n, c, k.want))
			default:
				problems = append(problems, fmt.Sprintf("%s: %d × %d (want %d)", k.name, n, c, k.want))
			}
		}
	}
	total, nerr := 0, 0
	for _, n := range statuses {
		total += n
	}
	for _, n := range errs {
		nerr += n
	}

	fmt.Println()
	fmt.Printf("%-34s %8s %9s %9s  %s\n", "kind", "sent", "p50_ms", "p99_ms", "statuses (want)")
	for i, k := range all {
		m := merged[i]
		n := len(m.lat)
		for _, e := range m.errs {
			n += e
		}
		var parts []string
		for _, c := range slices.Sorted(maps.Keys(m.status)) {
			mark := ""
			if c != k.want && c != 503 {
				mark = "!"
			}
			parts = append(parts, fmt.Sprintf("%d×%d%s", c, m.status[c], mark))
		}
		for _, e := range slices.Sorted(maps.Keys(m.errs)) {
			parts = append(parts, fmt.Sprintf("%q×%d", e, m.errs[e]))
		}
		l := slices.Clone(m.lat)
		slices.Sort(l)
		fmt.Printf("%-34s %8d %9.2f %9.2f  %s (%d)\n", k.name, n, ms(quantile(l, 0.5)), ms(quantile(l, 0.99)), strings.Join(parts, " "), k.want)
	}

	fmt.Println()
	fmt.Printf("RSS: start %.1f MB, peak %.1f MB sampled (VmHWM %.1f MB), end %.1f MB\n", mb(rssStart), mb(peak), mb(hwm), mb(rssEnd))
	if len(samples) >= 4 {
		h := len(samples) / 2
		fmt.Printf("RSS samples: first half %.1f–%.1f MB, second half %.1f–%.1f MB (%d samples)\n",
			mb(slices.Min(samples[:h])), mb(slices.Max(samples[:h])), mb(slices.Min(samples[h:])), mb(slices.Max(samples[h:])), len(samples))
	}
	fmt.Printf("open fds: start %d, end %d; server CPU %.1f s in %.1f s\n", fdStart, fdEnd, float64(cpuEnd-cpuStart)/100, elapsed.Seconds())
	fmt.Printf("requests: answered %d (%.0f/s), transport errors %d\n", total, float64(total)/elapsed.Seconds(), nerr)
	for _, c := range slices.Sorted(maps.Keys(statuses)) {
		fmt.Printf("  status %d: %d (%.1f %%)\n", c, statuses[c], 100*float64(statuses[c])/float64(max(total, 1)))
	}
	for _, e := range slices.Sorted(maps.Keys(errs)) {
		fmt.Printf("  error %s: %d\n", e, errs[e])
	}
	fmt.Println("latency (answered requests, including reading the answer):")
	var all99 []uint32
	for _, c := range []string{"assess", "plan", "contrib", "regions", "bad"} {
		fmt.Printf("  %-8s %s\n", c, pct(classes[c]))
		all99 = append(all99, classes[c]...)
	}
	fmt.Printf("  %-8s %s\n", "all", pct(all99))

	five := 0
	for c, n := range statuses {
		if c >= 500 && c != 503 {
			five += n
		}
	}
	fmt.Println()
	if len(notes) > 0 {
		fmt.Println("bad requests answered with another 4xx than expected:")
		for _, s := range notes {
			fmt.Println("  " + s)
		}
	}
	verdict := "passed"
	if len(problems) > 0 {
		verdict = "FAILED"
		fmt.Println("mismatches (a 5xx other than 503, a bad request not answered 4xx, a good one neither 200 nor 503):")
		for _, s := range problems {
			fmt.Println("  " + s)
		}
	}
	fmt.Printf("checks: %s (5xx other than 503: %d)\n", verdict, five)
	fmt.Printf("RESULT rss_start_mb=%.1f rss_peak_mb=%.1f vmhwm_mb=%.1f rss_end_mb=%.1f rps=%.0f answered=%d shed503=%d transport_errors=%d p99_ms=%.1f p99_assess_ms=%.1f p99_plan_ms=%.1f mismatches=%d\n",
		mb(rssStart), mb(peak), mb(hwm), mb(rssEnd), float64(total)/elapsed.Seconds(), total, statuses[503], nerr,
		ms(quantile(all99, 0.99)), ms(quantile(classes["assess"], 0.99)), ms(quantile(classes["plan"], 0.99)), len(problems))
	if len(problems) > 0 {
		os.Exit(1)
	}
}

// buildKinds returns the good requests (want 200) and the bad ones.
func buildKinds(dir string) (good, bad []*kind) {
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	yamls, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	files = append(files, yamls...)
	if len(files) == 0 {
		fatal("no *.json or *.yaml in " + dir)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			fatal(err.Error())
		}
		ct := "application/json"
		if strings.HasSuffix(f, ".yaml") {
			ct = "application/yaml"
		}
		n := filepath.Base(f)
		good = append(good,
			&kind{name: "assess " + n, class: "assess", method: "POST", path: "/v1/assess", ctype: ct, body: b, want: 200},
			&kind{name: "assess text " + n, class: "assess", method: "POST", path: "/v1/assess?format=text&lang=en", ctype: ct, body: b, want: 200},
			&kind{name: "plan " + n, class: "plan", method: "POST", path: "/v1/plan", ctype: ct, body: b, want: 200})
	}
	for _, q := range []string{
		"region=310000&scheme=flexible&as_of=2026-09-10&base=10000",
		"region=" + url.QueryEscape("江西") + "&scheme=resident&year=2025",
		"region=510500&scheme=flexible&as_of=2025-04-15",
	} {
		good = append(good, &kind{name: "contrib " + short(q), class: "contrib", method: "GET", path: "/v1/contrib?" + q, want: 200})
	}
	for _, q := range []string{"泸州", "上海徐汇", "5105", "黔南", "泸洲市"} {
		good = append(good, &kind{name: "regions q=" + q, class: "regions", method: "GET", path: "/v1/regions?q=" + url.QueryEscape(q), want: 200})
	}

	js := "application/json"
	row := func(i int) map[string]any {
		m := fmt.Sprintf("%04d-%02d", 1900+i/12, i%12+1)
		return map[string]any{"from": m, "to": m, "scheme": "flexible", "status": "paid", "base_fen": 450000}
	}
	ledger := func(n int) []byte {
		rows := make([]map[string]any, n)
		for i := range rows {
			rows[i] = row(i)
		}
		b, _ := json.Marshal(map[string]any{"region": "510500", "as_of": "2090-01-01", "ledger": rows})
		return b
	}
	one := []map[string]any{{"from": "2015-01", "to": "2024-12", "scheme": "employee", "status": "paid", "base_fen": 600000}}
	events := make([]map[string]any, 201)
	for i := range events {
		events[i] = map[string]any{"date": "2024-12-31", "kind": "job_ended"}
	}
	manyEvents, _ := json.Marshal(map[string]any{"region": "510500", "as_of": "2025-04-15", "ledger": one, "events": events})
	var empty bytes.Buffer // 300 KB of empty ledger rows
	empty.WriteString(`{"region":"510500","as_of":"2025-04-15","ledger":[{}`)
	for empty.Len() < 300_000 {
		empty.WriteString(",{}")
	}
	empty.WriteString("]}")
	luzhou := `{"region":"510500","as_of":"2025-04-15","ledger":[{"from":"2015-01","to":"2024-12","scheme":"employee","status":"paid","base_fen":600000}]}`
	big := append([]byte(luzhou), bytes.Repeat([]byte(" "), 1<<20)...) // over the 1 MiB --max-body

	bad = []*kind{
		{name: "bad malformed JSON", body: []byte(`{"region":"510500","as_of":`), want: 400},
		{name: "bad wrong types", body: []byte(`{"region":510500,"as_of":"2025-04-15","ledger":"x"}`), want: 400},
		{name: "bad ledger 2001 rows", body: ledger(2001), want: 400},
		{name: "bad plan ledger 2001 rows", path: "/v1/plan", body: ledger(2001), want: 400},
		{name: "bad 201 events", body: manyEvents, want: 400},
		{name: "bad non-UTF-8 (GBK bytes)", body: []byte("{\"region\":\"510500\",\"as_of\":\"2025-04-15\",\"person\":{\"sex\":\"\xc4\xd0\"}}"), want: 400},
		{name: "bad 300 KB of empty rows", body: empty.Bytes(), want: 400},
		{name: "bad body over 1 MiB", body: big, want: 413},
		{name: "bad media type", ctype: "text/plain", body: []byte(luzhou), want: 415},
		{name: "bad charset", ctype: "application/json; charset=latin1", body: []byte(luzhou), want: 415},
		{name: "bad impossible facts", body: []byte(`{"region":"510500","as_of":"2025-04-15","ledger":[{"from":"2025-05","to":"2025-01","scheme":"flexible","status":"paid"}]}`), want: 422},
		{name: "bad plan malformed", path: "/v1/plan", body: []byte(`[1,2,`), want: 400},
		{name: "bad contrib no scheme", method: "GET", path: "/v1/contrib?region=310000", want: 400},
	}
	for _, k := range bad {
		k.class = "bad"
		if k.method == "" {
			k.method = "POST"
		}
		if k.path == "" {
			k.path = "/v1/assess"
		}
		if k.ctype == "" && k.method == "POST" {
			k.ctype = js
		}
	}
	return good, bad
}

func short(q string) string {
	if s, err := url.QueryUnescape(q); err == nil {
		q = s
	}
	if len(q) > 24 {
		return q[:24]
	}
	return q
}

// cpuTicks is utime+stime of the process in clock ticks (1/100 s on Linux).
func cpuTicks(pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 {
		s = s[i+1:]
	}
	f := strings.Fields(s) // f[0] is field 3 (state); utime is field 14
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	t, _ := strconv.ParseInt(f[12], 10, 64)
	return u + t
}

func fds(pid int) int {
	e, _ := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/fd")
	return len(e)
}

func mb(kib int64) float64 { return float64(kib) / 1024 }

func quantile(d []uint32, q float64) uint32 {
	if len(d) == 0 {
		return 0
	}
	return d[min(len(d)-1, int(q*float64(len(d))))]
}

func ms(us uint32) float64 { return float64(us) / 1000 }

// pct sorts d in place.
func pct(d []uint32) string {
	if len(d) == 0 {
		return "none"
	}
	slices.Sort(d)
	return fmt.Sprintf("n=%-9d p50=%.2fms p90=%.2fms p99=%.2fms max=%.1fms", len(d),
		ms(quantile(d, 0.5)), ms(quantile(d, 0.9)), ms(quantile(d, 0.99)), ms(quantile(d, 1)))
}

func fatal(msg string) {
	fmt.Fprintln(os.Stderr, "soak:", msg)
	os.Exit(2)
}
