package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildYibao builds the command into dir (the real binary: signals reach a
// process, not a function).
func buildYibao(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "yibao")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// waitTemp waits until a temporary output file exists beside out (the run
// has started writing), or the process has ended.
func waitTemp(t *testing.T, dir string, exited <-chan struct{}) bool {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if m, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(m) > 0 {
			return true
		}
		select {
		case <-exited:
			return false
		case <-time.After(2 * time.Millisecond):
		}
	}
	t.Fatal("no temporary file after 60 s")
	return false
}

// leftovers lists the files in dir other than the input ones.
func leftovers(t *testing.T, dir string, inputs ...string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, e := range ents {
		keep := false
		for _, in := range inputs {
			keep = keep || e.Name() == in
		}
		if !keep {
			left = append(left, e.Name())
		}
	}
	return left
}

func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// TestBatchInterrupt: SIGINT (and SIGTERM) in the middle of a run on a
// large ledger read by the fast reader ends it with exit status 130, and
// neither the result, the rejects file nor a temporary file is left.
func TestBatchInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and writes a 60 MB ledger")
	}
	bin := buildYibao(t, t.TempDir())
	dir := t.TempDir()
	in := filepath.Join(dir, "ledger.csv")
	f, err := os.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	// 6,000 persons × 240 months; a birth column filled sends every person
	// through the generic row parser on the fast reader's workers (the
	// slower way, so that the run is still going when the signal comes)
	w.WriteString("个人编号,参保地,费款所属期,险种,缴费状态,缴费基数,出生日期\n")
	for p := range 6000 {
		for m := range 240 {
			fmt.Fprintf(w, "P%06d,310000,%04d-%02d,职工,已缴,8000.00,1980-01-01\n", p, 2005+m/12, 1+m%12)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(bin, "batch", in, "-o", filepath.Join(dir, "result.csv"), "--as-of", "2025-01-15")
			cmd.Env = append(os.Environ(), "GOMAXPROCS=1")
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan struct{})
			var werr error
			go func() { werr = cmd.Wait(); close(exited) }()
			if !waitTemp(t, dir, exited) {
				t.Fatalf("the run ended before a temporary file was seen: %v\n%s", werr, stderr.String())
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			<-exited
			if code := exitCode(werr); code != 130 {
				t.Fatalf("exit %d (%v), want 130 (a run that finished before the signal reads 0)\n%s", code, werr, stderr.String())
			}
			t.Logf("stopped %v after the signal", time.Since(start).Round(time.Millisecond))
			if !strings.Contains(stderr.String(), "interrupted") {
				t.Errorf("stderr does not say so:\n%s", stderr.String())
			}
			if left := leftovers(t, dir, "ledger.csv"); len(left) > 0 {
				t.Errorf("left behind: %q", left)
			}
		})
	}
}

// TestBatchInterruptStream: the generic reader on a pipe (a named FIFO the
// test writes into) stops on SIGINT too — while rows still come, and while
// the reader waits for a row that never comes (the handler's grace ends
// it) — exit 130, nothing left.
func TestBatchInterruptStream(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildYibao(t, t.TempDir())
	for _, stall := range []bool{false, true} {
		t.Run(fmt.Sprintf("stall=%v", stall), func(t *testing.T) {
			dir := t.TempDir()
			fifo := filepath.Join(dir, "ledger.csv")
			if err := syscall.Mkfifo(fifo, 0o600); err != nil {
				t.Skip("no FIFOs here:", err)
			}
			cmd := exec.Command(bin, "batch", fifo, "-o", filepath.Join(dir, "result.xlsx"), "--as-of", "2025-01-15")
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan struct{})
			var werr error
			go func() { werr = cmd.Wait(); close(exited) }()
			pw, err := os.OpenFile(fifo, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer pw.Close()
			bw := bufio.NewWriter(pw)
			bw.WriteString("个人编号,参保地,费款所属期,险种,缴费状态,缴费基数\n")
			p := 0
			write := func(n int) {
				for range n {
					for m := range 12 {
						fmt.Fprintf(bw, "P%06d,310000,2024-%02d,职工,已缴,8000.00\n", p, 1+m)
					}
					p++
				}
				bw.Flush()
			}
			if stall {
				write(1) // 12 rows, then nothing: the reader waits in Read
			} else {
				write(100)
			}
			if !waitTemp(t, dir, exited) {
				t.Fatalf("ended early: %v\n%s", werr, stderr.String())
			}
			cmd.Process.Signal(syscall.SIGINT)
			start := time.Now()
			if !stall {
				// rows keep coming: the reader sees the cancel between rows
				go func() {
					for range 200 {
						select {
						case <-exited:
							return
						default:
							write(50)
						}
					}
				}()
			}
			select {
			case <-exited:
			case <-time.After(30 * time.Second):
				cmd.Process.Kill()
				t.Fatal("still running 30 s after SIGINT")
			}
			if code := exitCode(werr); code != 130 {
				t.Fatalf("exit %d (%v), want 130\n%s", code, werr, stderr.String())
			}
			t.Logf("stopped %v after the signal", time.Since(start).Round(time.Millisecond))
			if left := leftovers(t, dir, "ledger.csv"); len(left) > 0 {
				t.Errorf("left behind: %q", left)
			}
		})
	}
}
