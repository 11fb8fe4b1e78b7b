#!/usr/bin/env bash
# Soak test: builds yibao and bench/soak, starts `yibao serve` with the
# default limits (access log on) on a free loopback port, then for a bounded
# time (default 600 s) drives a mix of requests over a fixed number of
# connections (default 32): ~60 % POST /v1/assess (examples/*.json and
# *.yaml, rotated), ~20 % POST /v1/plan, ~10 % GET /v1/contrib and
# /v1/regions?q=, ~10 % bad requests (malformed JSON, wrong types, 2001
# ledger rows, 201 events, bytes not UTF-8, 300 KB of empty rows, a body
# over 1 MiB, wrong media type or charset, impossible facts). It samples the
# server's VmRSS every 5 s and prints RSS at start, peak and end, requests/s,
# the count of each status, transport errors and p50/p90/p99 per route
# class; it checks that no 5xx other than 503 occurred, that every bad
# request got a 4xx and every good one a 200 (or 503), and that the server
# logged no error or panic. Then it stops the server.
#
#   bench/soak.sh [-d 600s] [-c 32] [-- SERVE-FLAGS ...]
#   bench/soak.sh 60s                  # a shorter run
#
# Exit status 1 when a check failed.
set -euo pipefail
cd "$(dirname "$0")/.."

duration=600s conns=32
while getopts "d:c:" o; do
  case $o in
    d) duration=$OPTARG ;; c) conns=$OPTARG ;;
    *) echo "usage: bench/soak.sh [-d 600s] [-c 32] [DURATION] [-- SERVE-FLAGS ...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [ $# -gt 0 ] && [ "$1" != -- ]; then duration=$1; shift; fi
[ "${1:-}" = -- ] && shift

work=$(mktemp -d)
server="" filter=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server"; wait "$server" 2>/dev/null || true
  fi
  if [ -n "$filter" ]; then wait "$filter" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

go build -o "$work/yibao" ./cmd/yibao
go build -o "$work/soak" ./bench/soak

# The access log goes through a filter that counts the request lines by
# status and keeps every other line (start, errors, panics, Go's warnings).
mkfifo "$work/log"
awkopt=()  # mawk reads a pipe in blocks unless interactive: the "listening" line would wait
awk -W version 2>&1 | grep -q mawk && awkopt=(-W interactive)
awk "${awkopt[@]}" '/"msg":"request"/ { if (match($0, /"status":[0-9]+/)) n[substr($0, RSTART + 9, RLENGTH - 9)]++; next }
     { print; fflush() }
     END { for (s in n) printf "%s %d\n", s, n[s] > "'"$work/access"'" }' <"$work/log" >"$work/serve.log" &
filter=$!
"$work/yibao" serve --addr 127.0.0.1:0 "$@" 2>"$work/log" &
server=$!
addr=""
for _ in $(seq 100); do
  addr=$(sed -n 's/.*"msg":"listening","addr":"\([^"]*\)".*/\1/p' "$work/serve.log")
  [ -n "$addr" ] && break
  sleep 0.1
done
[ -n "$addr" ] || { echo "yibao serve did not start:"; cat "$work/serve.log"; exit 1; } >&2
grep '"msg":"listening"' "$work/serve.log"
echo "$(nproc) cores; go $(go env GOVERSION)"

# one good request of each route first, so a broken setup fails loudly
for r in assess plan; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    --data-binary @examples/luzhou-freelancer.json "$addr/v1/$r")
  [ "$status" = 200 ] || { echo "POST /v1/$r examples/luzhou-freelancer.json: HTTP $status" >&2; exit 1; }
done

rc=0
"$work/soak" -url "$addr" -pid "$server" -c "$conns" -d "$duration" -examples examples | tee "$work/out" || rc=$?
[ "${PIPESTATUS[0]}" = 0 ] || rc=1

kill -TERM "$server"; wait "$server" 2>/dev/null || true
server=""
wait "$filter" 2>/dev/null || true
filter=""
echo
echo "server access log, requests by status: $(sort "$work/access" 2>/dev/null | tr '\n' ' ')"
if grep -E '"level":"(ERROR|WARN)"|"msg":"panic"' "$work/serve.log" >"$work/errors"; then
  echo "server log: $(wc -l <"$work/errors") ERROR/WARN lines, first ones:"
  head -5 "$work/errors" | cut -c1-300
  grep -qE '"level":"ERROR"|"msg":"panic"' "$work/errors" && rc=1
else
  echo "server log: no ERROR, WARN or panic line"
fi
exit $rc
