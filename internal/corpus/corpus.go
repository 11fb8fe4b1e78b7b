// Package corpus gathers every case the project holds — the examples and
// the analyst cases under cases/ — for tests that check one path against
// another on all of them (the fast JSON decoder against caseio.Parse, the
// answer encoder against encoding/json).
package corpus

import (
	"os"
	"path/filepath"
	"sort"

	"go.yaml.in/yaml/v3"

	"yibao"
	"yibao/caseio"
)

// Cases reads root/examples/*.yaml and every case in root/cases/*/*.yaml
// and returns those caseio.Parse accepts (cases written to fail are left
// out), in path order.
func Cases(root string) ([]*yibao.Case, error) {
	var srcs [][]byte
	examples, _ := filepath.Glob(filepath.Join(root, "examples", "*.yaml"))
	files, _ := filepath.Glob(filepath.Join(root, "cases", "*", "*.yaml"))
	sort.Strings(examples)
	sort.Strings(files)
	for _, f := range examples {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		srcs = append(srcs, b)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var doc struct {
			Cases []struct {
				Case yaml.Node `yaml:"case"`
			} `yaml:"cases"`
		}
		if err := yaml.Unmarshal(b, &doc); err != nil {
			return nil, err
		}
		for _, c := range doc.Cases {
			if c.Case.Kind == 0 {
				continue // a calculator or input case
			}
			out, err := yaml.Marshal(&c.Case)
			if err != nil {
				return nil, err
			}
			srcs = append(srcs, out)
		}
	}
	var out []*yibao.Case
	for _, src := range srcs {
		if c, err := caseio.Parse(src); err == nil {
			out = append(out, c)
		}
	}
	return out, nil
}
