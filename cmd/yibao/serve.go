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

// serveOpts are the server's flags.
type serveOpts struct {
	addr, cors, cpuProfile string
	maxBody, maxBytes      int64
	timeout                time.Duration
	maxInFlight            int
	quiet                  bool
}

func (o *serveOpts) register(fs *flag.FlagSet) {
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", cliText("cli.flag.serve.addr"))
	fs.StringVar(&o.cors, "cors-origin", "", cliText("cli.flag.serve.cors-origin"))
	fs.Int64Var(&o.maxBody, "max-body", httpapi.DefaultMaxBodyBytes, cliText("cli.flag.serve.max-body"))
	fs.DurationVar(&o.timeout, "request-timeout", httpapi.DefaultRequestTimeout, cliText("cli.flag.serve.request-timeout"))
	fs.IntVar(&o.maxInFlight, "max-in-flight", httpapi.DefaultMaxInFlight(), cliText("cli.flag.serve.max-in-flight"))
	fs.Int64Var(&o.maxBytes, "max-bytes-in-flight", httpapi.DefaultMaxBytesInFlight, cliText("cli.flag.serve.max-bytes-in-flight"))
	fs.BoolVar(&o.quiet, "quiet", false, cliText("cli.flag.serve.quiet"))
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", cliText("cli.flag.serve.cpuprofile"))
}

// serveContext runs the server until ctx is done, then shuts it down
// gracefully. If ready is not nil it receives the listening address.
func serveContext(ctx context.Context, eng *engine.Engine, args []string, stderr io.Writer, ready chan<- string) int {
	fs := newFlagSet(stderr, "serve")
	var o serveOpts
	o.register(fs)
	addr, cors, maxBody, timeout, maxInFlight, maxBytes, quiet, cpuProfile := &o.addr, &o.cors, &o.maxBody, &o.timeout, &o.maxInFlight, &o.maxBytes, &o.quiet, &o.cpuProfile
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return exitBadCase
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "yibao serve takes flags only, got %q\n", pos)
		shortUsage(stderr, "serve")
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
