#!/usr/bin/env bash
# Memory under overload: builds yibao and bench/shedload, starts
# `yibao serve --quiet` on a free loopback port, then for a bounded time
# drives POST /v1/assess with 256 connections each sending bodies of the
# maximum size (1 MiB: a 2000-row ledger padded with spaces), samples the
# server's VmRSS every second and prints RSS over time, requests/s, the
# count of each status (503 = shed), transport errors and p99; then stops
# the server.
#
#   bench/shed.sh [-d 30s] [-c 256] [-s BYTES] [-f CASE.json] [-- SERVE-FLAGS ...]
#
# -f sends that case (padded with spaces to BYTES) instead of the 2000-row
# ledger, e.g. issue 12's body of 24,000 bills.
#
# Goal: RSS stays at or under 512 MB. SERVE-FLAGS go to yibao serve, e.g.
#   bench/shed.sh -d 10s -- --max-in-flight -1 --max-bytes-in-flight -1 --request-timeout -1s
# measures the server with every limit off, for comparison.
set -euo pipefail
cd "$(dirname "$0")/.."

duration=30s conns=256 size=1048576 casefile=""
while getopts "d:c:s:f:" o; do
  case $o in
    d) duration=$OPTARG ;; c) conns=$OPTARG ;; s) size=$OPTARG ;; f) casefile=$(realpath "$OPTARG") ;;
    *) echo "usage: bench/shed.sh [-d 30s] [-c 256] [-s BYTES] [-f CASE.json] [-- SERVE-FLAGS ...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server"; wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/yibao" ./cmd/yibao
go build -o "$work/shedload" ./bench/shedload
"$work/yibao" serve --addr 127.0.0.1:0 --quiet "$@" 2>"$work/serve.log" &
server=$!
addr=""
for _ in $(seq 100); do
  addr=$(sed -n 's/.*"msg":"listening","addr":"\([^"]*\)".*/\1/p' "$work/serve.log")
  [ -n "$addr" ] && break
  sleep 0.1
done
[ -n "$addr" ] || { echo "yibao serve did not start:"; cat "$work/serve.log"; exit 1; } >&2
grep '"msg":"listening"' "$work/serve.log"
echo "$(nproc) cores"

"$work/shedload" -url "$addr/v1/assess" -pid "$server" -c "$conns" -d "$duration" -size "$size" ${casefile:+-case "$casefile"} | tee "$work/out"
rss=$(sed -n 's/^RESULT .*vmhwm_mb=\([0-9.]*\).*/\1/p' "$work/out")
verdict=met
awk -v r="$rss" 'BEGIN { exit !(r <= 512) }' || verdict="not met"
echo "goal (peak RSS <= 512 MB): $verdict (VmHWM $rss MB)"
if grep -q '"level":"ERROR"' "$work/serve.log"; then
  echo "server errors:"; grep '"level":"ERROR"' "$work/serve.log" | head
fi
