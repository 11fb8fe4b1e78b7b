package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"syscall"
	"time"

	"yibao/engine"
	"yibao/httpapi"
	"yibao/report"
)

const serveUsage = "usage: yibao serve [--addr 127.0.0.1:8080] [--cors-origin ORIGIN] [--max-body BYTES]\n" +
	"                   [--request-timeout 5s] [--max-in-flight N] [--max-bytes-in-flight BYTES] [--quiet]\n"

// serve runs the HTTP API and web page until SIGINT or SIGTERM.
func serve(eng *engine.Engine, args []string, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	tuneGC()
	return serveContext(ctx, eng, args, stderr, nil)
}

// tuneGC trades memory for CPU unless the operator set GOGC or GOMEMLIMIT.
// The server's live heap is small (the policy data, a few MB) and each
// answer leaves about 10 KB of short-lived garbage, so at the default GOGC
// of 100 the collector runs hundreds of times a second under load and takes
// a third of the CPU (bench/serve.sh: 12.5k req/s at GOGC=100, 18k at 400).
// GOGC=400 with a soft limit of 1 GiB keeps the heap in the tens of MB.
func tuneGC() {
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetGCPercent(400)
		debug.SetMemoryLimit(1 << 30)
	}
}

// serveContext runs the server until ctx is done, then shuts it down
// gracefully. If ready is not nil it receives the listening address.
func serveContext(ctx context.Context, eng *engine.Engine, args []string, stderr io.Writer, ready chan<- string) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address (host:port; port 0 picks a free port)")
	cors := fs.String("cors-origin", "", `allow cross-origin requests from this origin ("*" for any); off by default`)
	maxBody := fs.Int64("max-body", httpapi.DefaultMaxBodyBytes, "request body limit in bytes")
	timeout := fs.Duration("request-timeout", httpapi.DefaultRequestTimeout, "every request's deadline: a request not answered by then gets 503 (-1s: none)")
	maxInFlight := fs.Int("max-in-flight", httpapi.DefaultMaxInFlight(), "requests served at once (16 × GOMAXPROCS); more are answered 503 with Retry-After: 1 (-1: no limit)")
	maxBytes := fs.Int64("max-bytes-in-flight", httpapi.DefaultMaxBytesInFlight, "request body bytes (as declared) held at once; more are answered 503 with Retry-After: 1 (-1: no limit)")
	quiet := fs.Bool("quiet", false, "no access log (start, stop and errors are still logged)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to this file until shutdown (for bench/serve.sh -p)")
	fs.Usage = func() { fmt.Fprint(stderr, serveUsage); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		if err == nil {
			fmt.Fprint(stderr, serveUsage)
		}
		return exitBadCase
	}
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	bg := context.Background()
	fail := func(msg string, err error) int {
		log.LogAttrs(bg, slog.LevelError, msg, slog.String("error", err.Error()))
		return exitFailed
	}
	for _, z := range []bool{*timeout == 0, *maxInFlight == 0, *maxBytes == 0} {
		if z { // 0 would mean the default to httpapi.Config: say what is meant
			fmt.Fprint(stderr, "yibao serve: a limit of 0 is not allowed; use -1 for none\n")
			return exitBadCase
		}
	}
	api, err := httpapi.New(httpapi.Config{Engine: eng, Logger: log, NoAccessLog: *quiet, MaxBodyBytes: *maxBody, CORSOrigin: *cors,
		RequestTimeout: *timeout, MaxInFlight: *maxInFlight, MaxBytesInFlight: *maxBytes,
		Plan: httpapi.PlanFunc(eng), Contrib: httpapi.ContribFunc(eng)})
	if err != nil {
		return fail("config", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fail("listen", err)
	}
	// The connection timeouts stay above the request deadline, which stops
	// slow requests first (with a 503) where it can.
	reqTimeout, _, _ := api.Limits()
	srv := &http.Server{
		Handler:           api,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       max(15*time.Second, reqTimeout+5*time.Second),
		WriteTimeout:      max(30*time.Second, reqTimeout+10*time.Second),
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	// always announced, even with --quiet: scripts read the address from it
	to, inFlight, bytesInFlight := api.Limits()
	log.LogAttrs(ctx, slog.LevelInfo, "listening", slog.String("addr", "http://"+ln.Addr().String()),
		slog.String("engine", report.Version), slog.String("policy", eng.Snapshot().Hash),
		slog.String("request_timeout", to.String()), slog.Int("max_in_flight", inFlight),
		slog.Int64("max_bytes_in_flight", bytesInFlight), slog.Int64("max_body", *maxBody))
	if ready != nil {
		ready <- ln.Addr().String()
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			return fail("cpuprofile", err)
		}
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fail("serve", err)
	case <-ctx.Done():
	}
	log.LogAttrs(bg, slog.LevelInfo, "shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fail("shutdown", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fail("serve", err)
	}
	log.LogAttrs(bg, slog.LevelInfo, "stopped")
	return exitOK
}
