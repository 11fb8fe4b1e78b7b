#!/usr/bin/env python3
"""yibao transform inside real Apache Spark (issue 13 item 2).

Generates a ledger (a few thousand persons with gaps, arrears, back-paid
months, NULLs, Chinese values and bad rows), runs `yibao batch` on it as a
CSV file, runs the same rows through Spark SQL's script transformation

    SELECT TRANSFORM (...) USING './yibao transform ...' AS (...)
    FROM (SELECT ... FROM ledger DISTRIBUTE BY person_id SORT BY person_id, month) t

in local mode with the binary shipped by ADD FILE, and checks that the two
give the same rows (sorted by person, every column). Exits 1 on any
difference, naming the first ones.

    python3 tests/spark/spark_test.py --yibao /path/to/yibao --work /tmp/dir [--hive]

--hive runs the transformation through Hive's serde (SparkSession with Hive
support: LazySimpleSerDe, as a Hive installation reads and writes it);
without it, Spark's own script transformation.
"""

import argparse
import csv
import datetime
import os
import random
import subprocess
import sys
import time

AS_OF = "2026-09-15"
SEED = 13
REGIONS = ["510500", "310000", "370200", "110000", "440300"]

# the output schema as docs/batch.md gives it
OUT_SCHEMA = """person_id STRING, region STRING, as_of DATE, status STRING, covered_now BOOLEAN,
      lapse_from STRING, lapse_months INT, lapse_cause STRING, backpay_allowed STRING,
      deadline DATE, deadline_expired DATE, pay_months INT, amount_fen BIGINT,
      first_covered_date STRING, waiting_months INT, cumulative_months INT,
      continuous_months INT, warnings STRING, summary STRING"""
COLUMNS = ["person_id", "region", "month", "scheme", "status", "base_fen", "paid_on"]


def months(start, n):
    y, m = start
    for _ in range(n):
        yield y, m
        m += 1
        if m == 13:
            y, m = y + 1, 1


def generate(persons):
    """Rows as tuples (person_id, region, month, scheme, status, base_fen, paid_on);
    None is NULL. Deterministic (seeded)."""
    rnd = random.Random(SEED)
    rows = []
    for i in range(persons):
        pid = "P%05d" % i if i % 50 else "职工%04d" % i  # some ids in Chinese
        if i % 97 == 13:  # and some with a double quote (neither Spark nor Hive quotes a field)
            pid = ('"R%05d' if i % 2 else 'Q"%05d"') % i
        region = rnd.choice(REGIONS)
        flexible = rnd.random() < 0.3
        zh = rnd.random() < 0.2  # the scheme and status as a Chinese export writes them
        scheme = ("灵活就业" if flexible else "职工") if zh else ("flexible" if flexible else "employee")
        paid = "已缴" if zh else "paid"
        base = rnd.randrange(400000, 1500000, 100) if not flexible else rnd.choice([398000, 500000, 754600])
        n = rnd.randint(3, 48)
        # most persons pay up to 2026-08; some stopped earlier (an open lapse)
        end = (2026, 8) if rnd.random() < 0.8 else (2025, rnd.randint(1, 12))
        start_idx = end[0] * 12 + end[1] - 1 - (n - 1)
        start = (start_idx // 12, start_idx % 12 + 1)
        ms = list(months(start, n))
        gap = None
        if n > 12 and rnd.random() < 0.15:  # one gap of 1..6 months: missing rows, or rows with status none
            g = rnd.choice([1, 2, 3, 4, 6])
            at = rnd.randint(2, n - g - 2)
            gap = (at, at + g, rnd.random() < 0.5)
        arrears = rnd.random() < 0.07  # the last one or two months unpaid
        nulls_base = rnd.random() < 0.03
        for k, (y, m) in enumerate(ms):
            month = "%04d-%02d" % (y, m)
            status = paid
            if gap and gap[0] <= k < gap[1]:
                if gap[2]:
                    continue  # missing rows
                status = "未缴" if zh else "none"
            if arrears and k >= n - rnd.randint(1, 2):
                status = "欠缴" if zh else "unpaid"
            paid_on = None
            if flexible and status == paid:
                d = datetime.date(y, m, 15)
                if rnd.random() < 0.05:  # back-paid months later
                    d = d + datetime.timedelta(days=rnd.randint(40, 200))
                paid_on = d
            b = None if nulls_base else base
            rows.append([pid, region, month, scheme, status, b, paid_on])
    # bad rows: each rejects its person (or stands alone)
    for j in range(0, len(rows), 211):
        r = rows[j]
        kind = (j // 211) % 6
        if kind == 0:
            r[2] = r[2][:5] + "13"  # no such month
        elif kind == 1:
            r[3] = "学生"  # no such scheme
        elif kind == 2:
            r[4] = None  # NULL status
        elif kind == 3:
            r[0] = None  # a row without a person
        elif kind == 4:
            r[5] = -100  # a negative base
        elif kind == 5:
            r[1] = None  # no region and no --region default
    # the unknown region of a few persons
    for r in rows:
        if r[0] in ("P00007", "P00011"):
            r[1] = "999999"
    # the order DISTRIBUTE BY person_id SORT BY person_id, month gives a
    # person's rows (NULL persons first, as Spark sorts them)
    rows.sort(key=lambda r: (r[0] is not None, r[0] or "", r[2] or ""))
    return [tuple(r) for r in rows]


def write_csv(rows, path):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow(["" if v is None else (v.isoformat() if isinstance(v, datetime.date) else v) for v in r])


def run_batch(yibao, ledger, out):
    p = subprocess.run([yibao, "batch", ledger, "-o", out, "--as-of", AS_OF], capture_output=True, text=True)
    if p.returncode not in (0, 2):  # 2: some rows rejected
        sys.exit("yibao batch failed (%d):\n%s" % (p.returncode, p.stderr))
    with open(out, newline="", encoding="utf-8") as f:
        rd = csv.reader(f)
        header = next(rd)
        return header, [tuple(r) for r in rd], p.stderr


def as_text(v):
    """A Spark value as yibao batch's CSV writes it."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, datetime.date):
        return v.isoformat()
    return str(v)


def run_spark(yibao, ledger, hive, work):
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession
    from pyspark.sql.types import DateType, LongType, StringType, StructField, StructType

    b = (SparkSession.builder.master("local[2]").appName("yibao-transform-test")
         .config("spark.ui.enabled", "false")
         .config("spark.ui.showConsoleProgress", "false")
         .config("spark.sql.shuffle.partitions", "4")
         .config("spark.driver.memory", "1g")
         .config("spark.sql.warehouse.dir", os.path.join(work, "warehouse"))
         .config("spark.driver.extraJavaOptions", "-Dderby.system.home=" + os.path.join(work, "derby")))
    if hive:
        b = b.enableHiveSupport()
    spark = b.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        schema = StructType([StructField(c, StringType()) for c in COLUMNS[:5]] +
                            [StructField("base_fen", LongType()), StructField("paid_on", DateType())])
        t0 = time.time()
        # the same CSV file yibao batch reads, typed; an empty field is NULL
        spark.read.csv(ledger, schema=schema, header=True, encoding="UTF-8", escape='"', mode="FAILFAST").createOrReplaceTempView("ledger")
        spark.sql("ADD FILE '%s'" % yibao)  # shipped to every executor, beside the script's working directory
        sql = """
SELECT TRANSFORM (person_id, region, month, scheme, status, base_fen, paid_on)
  USING './yibao transform --as-of %s'
  AS (%s)
FROM (SELECT * FROM ledger DISTRIBUTE BY person_id SORT BY person_id, month) t""" % (AS_OF, OUT_SCHEMA)
        got = spark.sql(sql).collect()
        catalog = spark.conf.get("spark.sql.catalogImplementation")
        return [tuple(as_text(v) for v in r) for r in got], catalog, time.time() - t0
    finally:
        spark.stop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--yibao", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--persons", type=int, default=3000)
    ap.add_argument("--hive", action="store_true")
    a = ap.parse_args()
    yibao = os.path.abspath(a.yibao)
    os.chdir(a.work)  # not where the binary is: the script finds it only through ADD FILE

    rows = generate(a.persons)
    ledger = os.path.join(a.work, "ledger.csv")
    write_csv(rows, ledger)
    t0 = time.time()
    header, want, stats = run_batch(yibao, ledger, os.path.join(a.work, "batch.csv"))
    t1 = time.time()
    got, catalog, query = run_spark(yibao, ledger, a.hive, a.work)
    t2 = time.time()

    want.sort()
    got.sort()
    print("ledger: %d rows, %d persons; yibao batch %.1f s: %s" % (len(rows), a.persons, t1 - t0, stats.splitlines()[0]))
    print("spark (%s, local[2]): %d result rows in %.1f s (the query %.1f s)" % (catalog, len(got), t2 - t1, query))
    bad = []
    if len(got) != len(want):
        bad.append("rows: spark %d, yibao batch %d" % (len(got), len(want)))
    wi = {r[0]: r for r in want}
    gi = {r[0]: r for r in got}
    for pid in sorted(set(wi) | set(gi)):
        w, g = wi.get(pid), gi.get(pid)
        if w is None or g is None:
            bad.append("%s: only in %s" % (pid, "spark" if w is None else "yibao batch"))
            continue
        for c, x, y in zip(header, w, g):
            if x != y:
                bad.append("%s.%s: yibao batch %r, spark %r" % (pid, c, x, y))
    if not any('"' in r[0] for r in got):
        bad.append("no person id with a double quote came through")
    if len(got) < a.persons // 2:
        bad.append("too few results (%d) for %d persons: the test would prove nothing" % (len(got), a.persons))
    if bad:
        print("MISMATCH (%d):" % len(bad))
        for x in bad[:30]:
            print("  " + x)
        sys.exit(1)
    print("ok: spark's TRANSFORM rows equal yibao batch's (%d persons, %d columns)" % (len(got), len(header)))


if __name__ == "__main__":
    main()
