#!/usr/bin/env bash
# Load benchmark of yibao serve: builds the binary, starts it on loopback,
# drives POST /v1/assess with Debian's wrk for a bounded time, prints
# requests/s, p50/p90/p99 latency and errors, and stops the server.
#
#   bench/serve.sh [-d 20s] [-t 2] [-c 64] [-B] [-P] [CASE.json ...]    (default cases: examples/*.json)
#
# Goal on 2 cores: >= 20,000 assessments/s, p99 < 5 ms, 0 errors.
# wrk runs on the same machine and takes CPU from the server: the figures are
# for server and load generator sharing the cores. -B first measures a
# baseline with the same settings: GET /static/app.js from the same server
# (same middleware and a body of similar size, no engine work), the most
# this machine gives any handler. -P pins the server to core 0 (GOMAXPROCS=1)
# and wrk to core 1 (one thread), so they stop taking turns on the same cores:
# on 2 cores this is the figure for one core of serving with the load
# generator kept off it.
set -euo pipefail
cd "$(dirname "$0")/.."

duration=20s threads=2 conns=64 baseline="" pin=""
while getopts "d:t:c:BP" o; do
  case $o in
    d) duration=$OPTARG ;; t) threads=$OPTARG ;; c) conns=$OPTARG ;; B) baseline=1 ;; P) pin=1 ;;
    *) echo "usage: bench/serve.sh [-d 20s] [-t 2] [-c 64] [-B] [-P] [CASE.json ...]" >&2; exit 2 ;;
  esac
done
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
  command -v taskset >/dev/null || { echo "-P needs taskset (util-linux)" >&2; exit 1; }
  server_cmd=(env GOMAXPROCS=1 taskset -c 0) wrk_cmd=(taskset -c 1 wrk) threads=1
fi

go build -o "$work/yibao" ./cmd/yibao
# port 0: the kernel picks a free loopback port; the server logs it
"${server_cmd[@]}" "$work/yibao" serve --addr 127.0.0.1:0 --quiet 2>"$work/serve.log" &
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

if [ -n "$baseline" ]; then
  echo "baseline: GET /static/app.js ($(curl -s "$addr/static/app.js" | wc -c) bytes), no engine work"
  "${wrk_cmd[@]}" -t"$threads" -c"$conns" -d"$duration" --latency -s bench/serve.lua "$addr/static/app.js" -- --get | grep '^requests=' | sed 's/^/BASELINE /'
fi
echo "yibao serve at $addr; wrk -t$threads -c$conns -d$duration${pin:+; pinned: server core 0 (GOMAXPROCS=1), wrk core 1}; cases: ${cases[*]}; $(nproc) cores"
"${wrk_cmd[@]}" -t"$threads" -c"$conns" -d"$duration" --latency -s bench/serve.lua "$addr/v1/assess" -- "${cases[@]}" | tee "$work/wrk.out"
line=$(grep '^requests=' "$work/wrk.out")
echo
echo "RESULT $line"
eval "$(echo "$line" | tr ' ' '\n' | grep -E '^(rps|p99_ms|non2xx|socket_errors)=')"
verdict=met
awk -v r="$rps" -v p="$p99_ms" 'BEGIN { exit !(r >= 20000 && p < 5) }' || verdict="not met"
[ "$non2xx" = 0 ] && [ "$socket_errors" = 0 ] || verdict="not met"
echo "goal (>= 20000 req/s, p99 < 5 ms, 0 errors): $verdict"
