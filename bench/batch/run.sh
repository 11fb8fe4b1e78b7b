#!/usr/bin/env bash
# Issue 13 benchmark: `yibao batch` against the peer baseline, DuckDB on the
# same person-month ledger (/work/shared/bench/peer-duckdb: gen.py, gaps.mjs),
# side by side in the same run on the same machine.
#
#   bench/batch/run.sh [-r REPEATS] [PERSONS]        (default: 3 repeats, 100000 persons)
#   bench/batch/run.sh 10000                          quick run: 10,000 persons, 2.4 M rows
#
# Works in a scratch directory, $BENCH_DIR (default /tmp/yibao-bench-batch),
# never inside the repository: the ledger (PERSONS × 240 months, ~936 MB at
# 100,000 persons; kept and reused, gen.py is seeded), node_modules, the
# binary and the outputs. PEER_DIR points at gen.py and gaps.mjs.
#
# Timed, whole process (wall and peak RSS, /usr/bin/time -v or a VmHWM
# sampler), each REPEATS times in turn, median reported:
#   duckdb-scan  node gaps.mjs LEDGER scan            raw parallel CSV scan (count + sum), 2 threads
#   duckdb-gaps  node gaps.mjs LEDGER gaps OUT.csv    gaps-and-islands per person → CSV, 2 threads
#   yibao        yibao batch LEDGER -o OUT.csv --as-of 2025-01-15 --region 310000
# (if npm cannot install @duckdb/node-api, the Python duckdb package runs the same SQL.)
#
# Goals (issue 13): yibao ≥ 4.75× faster than DuckDB's gap query, within 2×
# of the raw scan, peak RSS ≤ 512 MB.
set -uo pipefail

repeats=3
while getopts "r:" o; do
  case $o in
    r) repeats=$OPTARG ;;
    *) echo "usage: bench/batch/run.sh [-r REPEATS] [PERSONS]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
persons=${1:-100000}
[[ $persons =~ ^[1-9][0-9]*$ ]] || { echo "PERSONS: want a positive integer, got $persons" >&2; exit 2; }
[[ $repeats =~ ^[1-9][0-9]*$ ]] || { echo "-r: want a positive integer, got $repeats" >&2; exit 2; }

repo=$(cd "$(dirname "$0")/../.." && pwd -P)
peer=${PEER_DIR:-/work/shared/bench/peer-duckdb}
scratch=${BENCH_DIR:-/tmp/yibao-bench-batch}
as_of=2025-01-15 region=310000
mkdir -p "$scratch" || exit 1
scratch=$(cd "$scratch" && pwd -P)
case "$scratch/" in
  "$repo"/*) echo "BENCH_DIR=$scratch is inside the repository ($repo): choose a directory elsewhere" >&2; exit 2 ;;
esac
for f in gen.py gaps.mjs; do
  [ -f "$peer/$f" ] || { echo "missing $peer/$f (set PEER_DIR)" >&2; exit 1; }
  cmp -s "$peer/$f" "$scratch/$f" || cp -f "$peer/$f" "$scratch/$f"
done
cd "$scratch" || exit 1
echo "scratch: $scratch   persons: $persons   repeats: $repeats   cores: $(nproc)"

# --- the ledger (seeded: generated once per size, reused) -------------------
ledger=ledger-$persons.csv
if [ ! -f "$ledger" ]; then
  echo "generating $ledger with gen.py ..."
  python3 gen.py "$persons" "$ledger.tmp" && mv "$ledger.tmp" "$ledger" || exit 1
fi
rows=$((persons * 240))
bytes=$(stat -c %s "$ledger")
echo "ledger: $ledger, $rows rows expected, $((bytes / 1000000)) MB"

# --- the binary ---------------------------------------------------------------
echo "building yibao ($(cd "$repo" && git rev-parse --short HEAD 2>/dev/null)$(cd "$repo" && git diff --quiet HEAD -- . 2>/dev/null || echo ", with uncommitted changes")) ..."
(cd "$repo" && go build -o "$scratch/yibao" ./cmd/yibao) || exit 1

# --- DuckDB: @duckdb/node-api as the peer's README says, else Python duckdb ---
duck=()
if command -v node >/dev/null && command -v npm >/dev/null; then
  if [ ! -d node_modules/@duckdb/node-api ]; then
    { [ -f package.json ] || npm init -y >/dev/null; } && npm install --no-audit --no-fund @duckdb/node-api@1.5.6-r.1 >npm.log 2>&1 \
      || echo "npm install failed (see $scratch/npm.log): trying Python duckdb"
  fi
  [ -d node_modules/@duckdb/node-api ] && duck=(node gaps.mjs) \
    && echo "duckdb: @duckdb/node-api $(node -p "require('./node_modules/@duckdb/node-api/package.json').version")"
fi
if [ ${#duck[@]} -eq 0 ]; then
  if [ ! -x venv/bin/python ] || ! venv/bin/python -c 'import duckdb' 2>/dev/null; then
    python3 -m venv venv && venv/bin/pip install -q duckdb || { echo "neither npm nor pip could install DuckDB" >&2; exit 1; }
  fi
  # gaps.py: gaps.mjs in Python, the same SQL, the same arguments
  cat >gaps.py <<'EOF'
import sys, time, duckdb
file = sys.argv[1]; mode = sys.argv[2] if len(sys.argv) > 2 else 'gaps'
out = sys.argv[3] if len(sys.argv) > 3 else 'duck-gaps.csv'; threads = sys.argv[4] if len(sys.argv) > 4 else '2'
c = duckdb.connect(':memory:', config={'threads': threads})
src = f"read_csv('{file}', header=true, columns={{'person_id':'VARCHAR','month':'VARCHAR','scheme':'VARCHAR','status':'VARCHAR','base_fen':'BIGINT'}})"
t0 = time.time()
if mode == 'scan':
    print('scan rows', c.execute(f"SELECT count(*), sum(base_fen) FROM {src}").fetchone()[0])
else:
    c.execute(f"""COPY (
    WITH t AS (SELECT person_id, month, status,
        row_number() OVER (PARTITION BY person_id ORDER BY month) - row_number() OVER (PARTITION BY person_id, status ORDER BY month) AS grp
      FROM {src}),
    runs AS (SELECT person_id, status, min(month) AS s, max(month) AS e, count(*) AS len FROM t GROUP BY person_id, status, grp)
    SELECT person_id, sum(len) FILTER (WHERE status='paid') AS paid_months,
           count(*) FILTER (WHERE status<>'paid') AS gaps, coalesce(max(len) FILTER (WHERE status<>'paid'),0) AS longest_gap,
           max(e) FILTER (WHERE status='paid') AS last_paid
    FROM runs GROUP BY person_id ORDER BY person_id) TO '{out}' (HEADER)""")
    print('gaps done')
print('seconds', time.time() - t0)
EOF
  duck=(venv/bin/python gaps.py)
  echo "duckdb: Python duckdb $(venv/bin/python -c 'import duckdb; print(duckdb.__version__)')"
fi

# --- measuring ------------------------------------------------------------------
# measure NAME CMD...: runs CMD with stdout+stderr to NAME.log; appends
# "wall_s rss_kb rc cpu_s" to NAME.times (cpu_s: user + system, "-" without
# /usr/bin/time; less disturbed than wall by other work on the machine).
have_time=""
/usr/bin/time -v true >/dev/null 2>&1 && have_time=1
measure() {
  local name=$1; shift
  local t0 t1 rc rss cpu=-
  t0=$(date +%s.%N)
  if [ -n "$have_time" ]; then
    /usr/bin/time -v -o "$name.rusage" "$@" >"$name.log" 2>&1
    rc=$?
    t1=$(date +%s.%N)
    rss=$(awk -F': *' '/Maximum resident set size/ {print $2}' "$name.rusage")
    cpu=$(awk -F': *' '/User time|System time/ {s += $2} END {print s}' "$name.rusage")
  else
    "$@" >"$name.log" 2>&1 &
    local pid=$! hwm
    rss=0
    while kill -0 "$pid" 2>/dev/null; do
      hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null)
      [ -n "$hwm" ] && [ "$hwm" -gt "$rss" ] && rss=$hwm
      sleep 0.05
    done
    wait "$pid"; rc=$?
    t1=$(date +%s.%N)
  fi
  echo "$(echo "$t1 - $t0" | bc -l) ${rss:-0} $rc $cpu" >>"$name.times"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

rm -f duckdb-scan.times duckdb-gaps.times yibao.times
cat "$ledger" >/dev/null # page cache: every contender reads a warm file
load0=$(cut -d' ' -f1-3 /proc/loadavg)
for i in $(seq "$repeats"); do
  echo "run $i/$repeats: duckdb-scan, duckdb-gaps, yibao ..."
  measure duckdb-scan "${duck[@]}" "$ledger" scan
  measure duckdb-gaps "${duck[@]}" "$ledger" gaps duck-gaps.csv
  measure yibao ./yibao batch "$ledger" -o yibao-out.csv --as-of "$as_of" --region "$region"
done

fail=0
for n in duckdb-scan duckdb-gaps; do
  if awk '$3 != 0 {bad=1} END {exit !bad}' $n.times; then echo "$n failed: see $scratch/$n.log" >&2; cat $n.log >&2; fail=1; fi
done
[ $fail = 0 ] || exit 1

# --- checks -----------------------------------------------------------------------
# DuckDB: the scan counts every row, the gap query writes one row per person.
scan_rows=$(awk '/^scan rows/ {print $3}' duckdb-scan.log)
duck_out=$(($(wc -l <duck-gaps.csv) - 1))
# yibao: 行 rows: N in = U used + R rejected; 人 persons: P out, Q rejected
acct=$(grep -a 'rows: .* in = .* used + .* rejected' yibao.log | tail -1)
read -r y_in y_used y_rej y_out y_prej < <(echo "$acct" | sed -E 's/.*rows: ([0-9]+) in = ([0-9]+) used \+ ([0-9]+) rejected; .*persons: ([0-9]+) out, ([0-9]+) rejected.*/\1 \2 \3 \4 \5/')
y_res=$(($(wc -l <yibao-out.csv) - 1))
checks=()
ck() { if eval "$2"; then checks+=("ok    $1"); else checks+=("FAIL  $1"); fail=1; fi; }
ck "duckdb scan rows = $rows (got ${scan_rows:-?})" '[ "${scan_rows:-}" = "$rows" ]'
ck "duckdb gaps persons out = $persons (got $duck_out)" '[ "$duck_out" = "$persons" ]'
ck "yibao accounting line present: ${acct:-none}" '[ -n "$acct" ]'
ck "yibao rows in = $rows (got ${y_in:-?})" '[ "${y_in:-}" = "$rows" ]'
ck "yibao rows in = used + rejected (${y_in:-?} = ${y_used:-?} + ${y_rej:-?})" '[ -n "${y_in:-}" ] && [ $((y_used + y_rej)) = "$y_in" ]'
ck "yibao rows rejected = 0 (got ${y_rej:-?})" '[ "${y_rej:-}" = 0 ]'
ck "yibao persons out = $persons (got ${y_out:-?}, ${y_prej:-?} rejected)" '[ "${y_out:-}" = "$persons" ]'
ck "yibao result rows = $persons (got $y_res)" '[ "$y_res" = "$persons" ]'
# the one figure both compute: yibao's cumulative_months = DuckDB's paid_months, person by person
agree=$(python3 - <<'EOF'
import csv
d = {r['person_id']: r['paid_months'] for r in csv.DictReader(open('duck-gaps.csv'))}
y = list(csv.DictReader(open('yibao-out.csv')))
print(sum(1 for r in y if d.get(r['person_id']) == r['cumulative_months']), len(y), len(d))
EOF
)
read -r agree_n agree_y agree_d <<<"$agree"
ck "yibao cumulative_months = DuckDB paid_months for ${agree_n:-?} of ${agree_y:-?} persons (DuckDB: ${agree_d:-?})" \
  '[ -n "${agree_n:-}" ] && [ "$agree_n" = "$agree_y" ] && [ "$agree_n" = "$agree_d" ]'
awk '$3 != 0 && $3 != 2 {bad=1} END {exit !bad}' yibao.times && { checks+=("FAIL  yibao exit status (see yibao.log)"); fail=1; }

# --- the table --------------------------------------------------------------------
declare -A wall rss cpu
for n in duckdb-scan duckdb-gaps yibao; do
  wall[$n]=$(awk '{print $1}' $n.times | median)
  rss[$n]=$(awk '{print $2}' $n.times | median)
  cpu[$n]=$(awk '{print $4}' $n.times | median)
done
echo
echo "persons $persons, rows $rows, $((bytes / 1000000)) MB, $(nproc) cores, median of $repeats; $(date -u +%Y-%m-%d);" \
  "load average before $load0, after $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-13s %10s %14s %10s   %s\n' "" "wall s" "peak RSS MB" "CPU s" "each run: wall s"
for n in duckdb-scan duckdb-gaps yibao; do
  printf '%-13s %10.2f %14.0f %10s   %s\n' "$n" "${wall[$n]}" "$(echo "${rss[$n]} / 1024" | bc -l)" "${cpu[$n]}" "$(awk '{printf "%.2f ", $1}' $n.times)"
done
r_gaps=$(echo "${wall[yibao]} / ${wall[duckdb-gaps]}" | bc -l)
r_scan=$(echo "${wall[yibao]} / ${wall[duckdb-scan]}" | bc -l)
rss_mb=$(echo "${rss[yibao]} / 1024" | bc -l)
echo
printf 'yibao/duckdb-gaps wall  %6.2f   (yibao is %.2f× as fast as the gap query; goal: ≥ 4.75×, ratio ≤ 0.21)  %s\n' \
  "$r_gaps" "$(echo "1 / $r_gaps" | bc -l)" "$( (($(echo "$r_gaps <= 1/4.75" | bc -l))) && echo MET || echo NOT MET)"
printf 'yibao/duckdb-scan wall  %6.2f   (goal: ≤ 2)  %s\n' "$r_scan" "$( (($(echo "$r_scan <= 2" | bc -l))) && echo MET || echo NOT MET)"
printf 'yibao/duckdb-gaps RSS   %6.2f;  yibao/duckdb-scan RSS %.2f;  yibao peak RSS %.0f MB (goal: ≤ 512)  %s\n' \
  "$(echo "${rss[yibao]} / ${rss[duckdb-gaps]}" | bc -l)" "$(echo "${rss[yibao]} / ${rss[duckdb-scan]}" | bc -l)" "$rss_mb" \
  "$( (($(echo "$rss_mb <= 512" | bc -l))) && echo MET || echo NOT MET)"
if [ "${cpu[yibao]}" != - ]; then
  printf 'CPU s (user + sys; steadier than wall on a busy machine): yibao/duckdb-gaps %.2f, yibao/duckdb-scan %.2f\n' \
    "$(echo "${cpu[yibao]} / ${cpu[duckdb-gaps]}" | bc -l)" "$(echo "${cpu[yibao]} / ${cpu[duckdb-scan]}" | bc -l)"
fi
printf 'yibao: %.0f rows/s, %.0f persons/s, %.1f MB/s\n' "$(echo "$rows / ${wall[yibao]}" | bc -l)" \
  "$(echo "$persons / ${wall[yibao]}" | bc -l)" "$(echo "$bytes / 1000000 / ${wall[yibao]}" | bc -l)"
echo
printf '%s\n' "${checks[@]}"
if [ "${y_rej:-0}" != 0 ] && [ -f yibao-out.rejects.csv ]; then
  echo "first rejects ($scratch/yibao-out.rejects.csv):"; head -5 yibao-out.rejects.csv
fi
echo "yibao's summary:"; grep -a -v '^\s' yibao.log | grep -av 'Command being timed' | tail -3
exit $fail
