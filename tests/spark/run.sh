#!/usr/bin/env bash
# yibao transform inside real Apache Spark (issue 13 item 2): builds the
# binary, then runs tests/spark/spark_test.py twice in local[2] mode: through
# Spark's own script transformation and through Hive's serde. Needs pyspark
# (pinned in .ci/run) and Java 17; works offline.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/spark" "$work/hive"
go build -o "$work/bin/yibao" ./cmd/yibao
python3 tests/spark/spark_test.py --yibao "$work/bin/yibao" --work "$work/spark" "$@"
python3 tests/spark/spark_test.py --yibao "$work/bin/yibao" --work "$work/hive" --hive "$@"
