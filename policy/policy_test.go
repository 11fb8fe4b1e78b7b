package policy

import (
	"testing"
)

func TestEmbeddedLoads(t *testing.T) {
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Regions()) == 0 || s.Hash == "" {
		t.Fatal("empty snapshot")
	}
}
