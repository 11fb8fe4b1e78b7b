// Command shedload is the load generator of bench/shed.sh: it drives a
// yibao server on loopback with many connections sending large bodies for
// a bounded time, samples the server's resident memory (VmRSS in
// /proc/PID/status) every second, and prints RSS over time, requests/s,
// the count of each status, transport errors and latency percentiles.
//
//	go run ./bench/shedload -url http://127.0.0.1:PORT/v1/assess -pid PID [-c 256] [-d 30s] [-size 1048576] [-case FILE]
//
// Only 127.0.0.1 is accepted, at most 1024 connections and 120 s.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"yibao/bench/internal/probe"
)

func main() {
	target := flag.String("url", "", "http://127.0.0.1:PORT/v1/assess")
	pid := flag.Int("pid", 0, "the server's process id, for VmRSS")
	conns := flag.Int("c", 256, "concurrent connections (at most 1024)")
	dur := flag.Duration("d", 30*time.Second, "how long (at most 120s)")
	size := flag.Int("size", 1<<20, "body size in bytes: the case padded with spaces (or cut if larger)")
	caseFile := flag.String("case", "", "case file (JSON); default: a generated case with 2000 ledger rows")
	flag.Parse()
	u, err := url.Parse(*target)
	if err != nil || u.Scheme != "http" || u.Hostname() != "127.0.0.1" {
		fatal("-url must be http://127.0.0.1:PORT/...: loopback only")
	}
	if *conns < 1 || *conns > 1024 || *dur <= 0 || *dur > 120*time.Second || *pid <= 0 {
		fatal("want 1 ≤ -c ≤ 1024, 0 < -d ≤ 120s and -pid")
	}
	body := makeBody(*caseFile, *size)

	tr := &http.Transport{
		MaxIdleConns: *conns, MaxIdleConnsPerHost: *conns, MaxConnsPerHost: *conns,
		DialContext:       (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		DisableKeepAlives: false, DisableCompression: true,
	}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}

	var (
		mu       sync.Mutex
		lat      []time.Duration // all answered requests
		lat200   []time.Duration
		statuses = map[int]int{}
		errs     = map[string]int{}
		done     atomic.Int64 // answered + failed, for the per-second line
		shed     atomic.Int64
	)
	ctx, cancel := context.WithTimeout(context.Background(), *dur)
	defer cancel()
	start := time.Now()
	var wg sync.WaitGroup
	for range *conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var my, my200 []time.Duration
			myStat := map[int]int{}
			myErr := map[string]int{}
			for ctx.Err() == nil {
				req, _ := http.NewRequestWithContext(ctx, "POST", *target, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
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
					myErr[probe.ErrClass(err)]++
					continue
				}
				myStat[resp.StatusCode]++
				my = append(my, d)
				switch resp.StatusCode {
				case 200:
					my200 = append(my200, d)
				case 503:
					shed.Add(1)
					if resp.Header.Get("Retry-After") != "1" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
						myErr["503 without Retry-After: 1 or problem+json"]++
					}
				}
			}
			mu.Lock()
			lat, lat200 = append(lat, my...), append(lat200, my200...)
			for k, v := range myStat {
				statuses[k] += v
			}
			for k, v := range myErr {
				errs[k] += v
			}
			mu.Unlock()
		}()
	}

	fmt.Printf("shedload: %d connections, %d-byte bodies, %s, %s (server pid %d)\n", *conns, len(body), *dur, *target, *pid)
	fmt.Printf("%5s %9s %8s %8s\n", "t", "rss_MB", "req/s", "503/s")
	var peak int64
	tick := time.NewTicker(time.Second)
	var lastDone, lastShed int64
	for sec := 1; ; sec++ {
		select {
		case <-ctx.Done():
		case <-tick.C:
		}
		if ctx.Err() != nil {
			break
		}
		rss := probe.VmField(*pid, "VmRSS")
		peak = max(peak, rss)
		d, s := done.Load(), shed.Load()
		fmt.Printf("%4ds %9.1f %8d %8d\n", sec, float64(rss)/1024, d-lastDone, s-lastShed)
		lastDone, lastShed = d, s
	}
	tick.Stop()
	wg.Wait()
	elapsed := time.Since(start)
	hwm := probe.VmField(*pid, "VmHWM")

	total := 0
	for _, v := range statuses {
		total += v
	}
	nerr := 0
	for _, v := range errs {
		nerr += v
	}
	fmt.Printf("requests answered=%d (%.0f/s) transport_errors=%d in %.1fs\n", total, float64(total)/elapsed.Seconds(), nerr, elapsed.Seconds())
	codes := slices.Sorted(maps.Keys(statuses))
	for _, c := range codes {
		fmt.Printf("  status %d: %d\n", c, statuses[c])
	}
	for _, k := range slices.Sorted(maps.Keys(errs)) {
		fmt.Printf("  error %s: %d\n", k, errs[k])
	}
	fmt.Printf("latency all answered: %s\n", pct(lat))
	fmt.Printf("latency 200 only:     %s\n", pct(lat200))
	fmt.Printf("RESULT rss_peak_sampled_mb=%.1f vmhwm_mb=%.1f rps=%.0f ok=%d shed503=%d transport_errors=%d p99_ms=%.1f p99_200_ms=%.1f\n",
		float64(peak)/1024, float64(hwm)/1024, float64(total)/elapsed.Seconds(), statuses[200], statuses[503], nerr,
		ms(quantile(lat, 0.99)), ms(quantile(lat200, 0.99)))
}

func makeBody(file string, size int) []byte {
	var c []byte
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			fatal(err.Error())
		}
		c = bytes.TrimSpace(b)
	} else {
		// 2000 monthly rows (the ledger's cap), 1900-01 … 2066-08
		var b bytes.Buffer
		b.WriteString(`{"region":"510500","as_of":"2066-09-10","ledger":[`)
		for i := range 2000 {
			if i > 0 {
				b.WriteByte(',')
			}
			m := fmt.Sprintf("%04d-%02d", 1900+i/12, i%12+1)
			fmt.Fprintf(&b, `{"from":"%s","to":"%s","scheme":"flexible","status":"paid","base_fen":450000}`, m, m)
		}
		b.WriteString("]}")
		c = b.Bytes()
	}
	if len(c) >= size {
		return c[:size]
	}
	return append(c, bytes.Repeat([]byte(" "), size-len(c))...)
}

func quantile(d []time.Duration, q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func pct(d []time.Duration) string {
	if len(d) == 0 {
		return "none"
	}
	return fmt.Sprintf("n=%d p50=%.1fms p90=%.1fms p99=%.1fms max=%.1fms", len(d),
		ms(quantile(d, 0.5)), ms(quantile(d, 0.9)), ms(quantile(d, 0.99)), ms(quantile(d, 1)))
}

func fatal(msg string) {
	fmt.Fprintln(os.Stderr, "shedload:", msg)
	os.Exit(2)
}
