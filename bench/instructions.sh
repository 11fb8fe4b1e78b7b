#!/usr/bin/env bash
# Instructions per 20-year assessment (engine.BenchmarkAssess20Years), counted
# by valgrind's callgrind: a figure that does not move with the machine's load,
# unlike ns/op. The benchmark runs 500 and 2,500 times; the difference / 2,000
# leaves out loading the policy data and the test binary's start.
# Needs valgrind (Debian: apt-get install -y valgrind).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(mktemp -d)/engine.test
trap 'rm -rf "$(dirname "$bin")"' EXIT
go test -c -o "$bin" ./engine
count() {
	(cd engine && GODEBUG=asyncpreemptoff=1 GOMAXPROCS=1 GOGC=off valgrind --tool=callgrind \
		--callgrind-out-file=/dev/null "$bin" -test.run '^$' -test.bench Assess20 -test.benchtime="$1"x 2>&1) |
		awk '/refs:/ {gsub(",", "", $4); print $4}'
}
a=$(count 500)
b=$(count 2500)
echo "instructions per 20-year assessment: $(((b - a) / 2000))"
