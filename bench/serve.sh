#!/usr/bin/env bash
# Load benchmark of yibao serve: builds the binary, starts it on loopback,
# drives POST /v1/assess with Debian's wrk for a bounded time, prints
# requests/s, p50/p90/p99 latency and errors, and stops the server.
#
#   bench/serve.sh [-d 20s] [-c 8] [-B] [-S [-t 2]] [CASE.json ...]    (default cases: examples/*.json)
#
# Goal on 2 cores: >= 20,000 assessments/s, p99 < 5 ms, 0 errors.
# By default the server is pinned to core 0 (GOMAXPROCS=1) and wrk (one
# thread) to core 1, so the load generator does not take turns with the
# server on the same cores: the figures are one core of serving. -S shares
# both cores between them instead (wrk -t2, 64 connections unless -c): the
# throughput is similar, but p99 is then set by the two fighting over the
# cores (the baseline has the same tail). -B then measures a baseline with
# the same settings: GET /static/app.js from the same server (same
# middleware, a body of similar size, no engine work).
set -euo pipefail
cd "$(dirname "$0")/.."

duration=20s threads="" conns="" baseline="" pin=1
while getopts "d:t:c:BS" o; do
  case $o in
    d) duration=$OPTARG ;; t) threads=$OPTARG ;; c) conns=$OPTARG ;; B) baseline=1 ;; S) pin="" ;;
    *) echo "usage: bench/serve.sh [-d 20s] [-c 8] [-B] [-S [-t 2]] [CASE.json ...]" >&2; exit 2 ;;
  esac
done
if [ -n "$pin" ]; then
  [ "$(nproc)" -ge 2 ] || { echo "pinning needs 2 cores; use -S" >&2; exit 1; }
  conns=${conns:-8}
else
  threads=${threads:-2} conns=${conns:-64}
fi
shift $((OPTIND - 1))
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(examples/*.json)

if ! command -v wrk >/dev/null; then
  echo "wrk is missing: apt-get install -y wrk" >&2; exit 1
fi

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server"; wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

server_cmd=() wrk_cmd=(wrk)
if [ -n "$pin" ]; then
  command -v taskset >/dev/null || { echo "pinning needs taskset (util-linux); use -S" >&2; exit 1; }
  server_cmd=(env GOMAXPROCS=1 taskset -c 0) wrk_cmd=(taskset -c 1 wrk) threads=1
fi

go build -o "$work/yibao" ./cmd/yibao
# port 0: the kernel picks a free loopback port; the server logs it
"${server_cmd[@]}" "$work/yibao" serve --addr 127.0.0.1:0 --quiet ${SERVE_FLAGS:-} 2>"$work/serve.log" &
server=$!
addr=""
for _ in $(seq 100); do
  addr=$(sed -n 's/.*"msg":"listening","addr":"\([^"]*\)".*/\1/p' "$work/serve.log")
  [ -n "$addr" ] && break
  sleep 0.1
done
[ -n "$addr" ] || { echo "yibao serve did not start:"; cat "$work/serve.log"; exit 1; } >&2

# one request first, so a broken case fails loudly instead of as 'errors'
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"${cases[0]}" "$addr/v1/assess")
[ "$status" = 200 ] || { echo "POST /v1/assess ${cases[0]}: HTTP $status" >&2; exit 1; }

echo "yibao serve at $addr; wrk -t$threads -c$conns -d$duration$([ -n "$pin" ] && echo "; pinned: server on core 0 (GOMAXPROCS=1), wrk on core 1" || echo "; shared cores"); cases: ${cases[*]}; $(nproc) cores"
"${wrk_cmd[@]}" -t"$threads" -c"$conns" -d"$duration" --latency -s bench/serve.lua "$addr/v1/assess" -- "${cases[@]}" | tee "$work/wrk.out"
line=$(grep '^requests=' "$work/wrk.out")
echo
echo "RESULT $line"
if [ -n "$baseline" ]; then
  echo "baseline: GET /static/app.js ($(curl -s "$addr/static/app.js" | wc -c) bytes), no engine work"
  "${wrk_cmd[@]}" -t"$threads" -c"$conns" -d"$duration" --latency -s bench/serve.lua "$addr/static/app.js" -- --get | grep '^requests=' | sed 's/^/BASELINE /'
fi
eval "$(echo "$line" | tr ' ' '\n' | grep -E '^(rps|p99_ms|non2xx|socket_errors)=')"
verdict=met
awk -v r="$rps" -v p="$p99_ms" 'BEGIN { exit !(r >= 20000 && p < 5) }' || verdict="not met"
[ "$non2xx" = 0 ] && [ "$socket_errors" = 0 ] || verdict="not met"
echo "goal (>= 20000 req/s, p99 < 5 ms, 0 errors): $verdict"
