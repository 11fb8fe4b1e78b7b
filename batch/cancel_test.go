package batch_test

import (
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"yibao/batch"
)

// TestCancel: a run whose Cancel is closed stops with ErrInterrupted, on
// the generic and the fast reader; an open Cancel changes nothing.
func TestCancel(t *testing.T) {
	in := genLedger(400, 9)
	closed := make(chan struct{})
	close(closed)
	opt := batch.Options{Defaults: asOfDefaults(), Cancel: closed}
	if o := runGeneric(t, in, opt); o.Err != batch.ErrInterrupted.Error() {
		t.Errorf("generic: err %q, want interrupted", o.Err)
	}
	defer batch.SetSegTarget(4 << 10)()
	if o, ok := runFast(t, in, opt, t.TempDir()); !ok || o.Err != batch.ErrInterrupted.Error() {
		t.Errorf("fast: err %q (taken %v), want interrupted", o.Err, ok)
	}
	opt.Cancel = make(chan struct{})
	want := runGeneric(t, in, batch.Options{Defaults: asOfDefaults()})
	diffOutcome(t, "generic, open cancel", runGeneric(t, in, opt), want)
	fast, _ := runFast(t, in, opt, t.TempDir())
	diffOutcome(t, "fast, open cancel", fast, want)
}

// bytesSink records RunFile's bytes done at each result.
type bytesSink struct {
	memSink
	done *atomic.Int64
	seen []int64
}

func (s *bytesSink) Result(r batch.Result) error {
	s.seen = append(s.seen, s.done.Load())
	return s.memSink.Result(r)
}

// TestBytesDone: RunFile reports the bytes it has handed out (the fast
// path's progress bar and ETA): never decreasing, below the file's size
// while segments remain, the size at the end.
func TestBytesDone(t *testing.T) {
	in := genLedger(300, 4)
	path := filepath.Join(t.TempDir(), "in.csv")
	if err := os.WriteFile(path, []byte(in), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	defer batch.SetSegTarget(16 << 10)()
	opt := batch.Options{Defaults: asOfDefaults(), BytesDone: new(atomic.Int64)}
	sink := &bytesSink{done: opt.BytesDone}
	if _, err := batch.RunFile(f, opt, sharedEngine(t).Assess, sink); err != nil {
		t.Fatal(err)
	}
	size := int64(len(in))
	if got := opt.BytesDone.Load(); got != size {
		t.Errorf("at the end %d bytes done, want the size %d", got, size)
	}
	steps := 0
	for i := 1; i < len(sink.seen); i++ {
		if sink.seen[i] < sink.seen[i-1] {
			t.Fatalf("bytes done went back: %d after %d", sink.seen[i], sink.seen[i-1])
		}
		if sink.seen[i] > sink.seen[i-1] {
			steps++
		}
	}
	if steps < 5 || sink.seen[0] >= size {
		t.Errorf("%d steps over %d results, first %d of %d: want a bar that moves", steps, len(sink.seen), sink.seen[0], size)
	}
}
