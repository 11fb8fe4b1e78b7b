package casetest

import (
	"testing"

	"go.yaml.in/yaml/v3"

	"yibao"
	"yibao/caseio"
	"yibao/internal/strictyaml"
)

// cases returns the valid cases of a case file.
func (r *Runner) cases(t testing.TB, src []byte) []*yibao.Case {
	var f File
	if _, err := strictyaml.Decode(src, &f); err != nil {
		t.Fatal(err)
	}
	var out []*yibao.Case
	for _, c := range f.Cases {
		if c.Case.Kind == 0 {
			continue
		}
		b, _ := yaml.Marshal(&c.Case)
		if cs, err := caseio.Parse(b); err == nil {
			out = append(out, cs)
		}
	}
	return out
}
