package batch_test

import (
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
