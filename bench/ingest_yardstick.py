"""The yardstick of bench/ingest_vs_polars.sh: the same group-by work as spiegel's ingest +
metrics, done by polars or duckdb on the same CSV files.

    python3 bench/ingest_yardstick.py polars|duckdb DATA_DIR

Per organization (DATA_DIR/<org>/<wave>/{customers,employees}.csv): count, mean and variance
of `overall` and of every aspect score and importance, per department (customers and
employees), per layer and per department x layer (employees), plus the Pearson correlation of
every aspect with `overall` (customers and employees). Prints the number of rows read and of
result cells, so both tools can be checked to have done the work.
"""
import glob
import os
import sys


def columns(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().strip().split(",")
    aspects = [c for c in header[header.index("overall") + 1:] if not c.startswith("imp_")]
    aspects = [c for c in aspects if "imp_" + c in header]
    return ["overall"] + aspects + ["imp_" + a for a in aspects], aspects


def with_polars(files):
    import polars as pl

    rows = cells = 0
    for kind, path in files:
        values, aspects = columns(path)
        df = pl.read_csv(path, columns=["department"] + (["layer"] if kind == "employees" else []) + values,
                         schema_overrides={c: pl.Float64 for c in values})
        rows += df.height
        aggs = [pl.len().alias("n")] + [pl.col(c).mean().alias(c + "_mean") for c in values] \
            + [pl.col(c).var().alias(c + "_var") for c in values] \
            + [pl.col(c).count().alias(c + "_n") for c in values]
        keys = [["department"]] + ([["layer"], ["department", "layer"]] if kind == "employees" else [])
        for key in keys:
            g = df.group_by(key).agg(aggs)
            cells += g.height * g.width
        corr = df.select([pl.corr("overall", a).alias(a) for a in aspects])
        cells += corr.width
    return rows, cells


def with_duckdb(files):
    import duckdb

    con = duckdb.connect()
    rows = cells = 0
    for kind, path in files:
        values, aspects = columns(path)
        types = {c: "DOUBLE" for c in values}
        con.execute(f"CREATE OR REPLACE TABLE t AS SELECT * FROM read_csv('{path}', header=true, types={types!r})")
        rows += con.execute("SELECT count(*) FROM t").fetchone()[0]
        aggs = ", ".join(["count(*) AS n"] + [f"avg({c}), var_samp({c}), count({c})" for c in values])
        keys = ["department"] + (["layer", "department, layer"] if kind == "employees" else [])
        for key in keys:
            res = con.execute(f"SELECT {key}, {aggs} FROM t GROUP BY {key}").fetchall()
            cells += len(res) * (len(res[0]) if res else 0)
        corr = con.execute("SELECT " + ", ".join(f"corr(overall, {a})" for a in aspects) + " FROM t").fetchone()
        cells += len(corr)
    return rows, cells


def main():
    tool, data = sys.argv[1], sys.argv[2]
    files = []
    for wave in sorted(glob.glob(os.path.join(data, "*", "*"))):
        for kind in ("customers", "employees"):
            path = os.path.join(wave, kind + ".csv")
            if os.path.exists(path):
                files.append((kind, path))
    rows, cells = {"polars": with_polars, "duckdb": with_duckdb}[tool](files)
    print(f"{tool}: {rows} rows read, {cells} result cells")


if __name__ == "__main__":
    main()
