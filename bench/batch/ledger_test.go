// Package batchbench profiles `yibao batch` on a generated ledger (see
// run.sh). Only a benchmark, skipped unless LEDGER names a file:
//
//	LEDGER=/tmp/yibao-bench-batch/ledger-10000.csv go test ./bench/batch \
//	    -run '^$' -bench Ledger -benchtime 1x -cpuprofile /tmp/cpu.out
//	go tool pprof -top -cum /tmp/cpu.out
//
// It runs what the command runs after opening the file (batch.RunFile, or
// batch.Run for BenchmarkLedger, into a FileSink, region 310000, as of
// 2025-01-15), without the command's UTF-8 check of the input stream.
package batchbench

import (
	"os"
	"path/filepath"
	"testing"

	"yibao"
	"yibao/batch"
	"yibao/engine"
	"yibao/policy"
)

func BenchmarkLedger(b *testing.B) { benchLedger(b, false) }

// BenchmarkLedgerFast runs batch.RunFile, the path the command takes for a
// UTF-8 file.
func BenchmarkLedgerFast(b *testing.B) { benchLedger(b, true) }

func benchLedger(b *testing.B, fast bool) {
	path := os.Getenv("LEDGER")
	if path == "" {
		b.Skip("set LEDGER to a ledger CSV (bench/batch/run.sh makes one)")
	}
	snap, err := policy.Load()
	if err != nil {
		b.Fatal(err)
	}
	eng := engine.New(snap)
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(fi.Size())
	dir := b.TempDir()
	opt := batch.Options{Defaults: batch.Defaults{Region: "310000", AsOf: yibao.DateOf(2025, 1, 15)}}
	var persons, rows int
	for b.Loop() {
		in, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		sink, err := batch.NewFileSink(filepath.Join(dir, "out.csv"), filepath.Join(dir, "out.rejects.csv"))
		if err != nil {
			b.Fatal(err)
		}
		var st batch.Stats
		if fast {
			st, err = batch.RunFile(in, opt, eng.Assess, sink)
		} else {
			st, err = batch.Run(in, opt, eng.Assess, sink)
		}
		in.Close()
		if err != nil {
			sink.Abort()
			b.Fatal(err)
		}
		if err := sink.Commit(); err != nil {
			b.Fatal(err)
		}
		if st.RowsIn != st.RowsUsed+st.RowsRejected {
			b.Fatalf("rows in %d ≠ used %d + rejected %d", st.RowsIn, st.RowsUsed, st.RowsRejected)
		}
		persons, rows = st.Persons, st.RowsIn
	}
	s := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(persons)/s, "persons/s")
	b.ReportMetric(float64(rows)/s, "rows/s")
}
