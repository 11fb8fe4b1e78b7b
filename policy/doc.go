// Package policy holds yibao's policy data: every legal number the engine
// uses, as dated values with a citation and a confidence level, per region
// (city → province → national). The data is YAML embedded in the binary
// (data/), loaded strictly into an immutable Snapshot with a content hash.
//
// A parameter absent from every level is "not encoded"; a value written as
// null means "not applicable here". Neither is ever replaced by a guess.
package policy
