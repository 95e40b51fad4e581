#!/bin/sh
# The benchmark suite (issue 11): `make bench` or `make bench QUICK=1`, or Benchmarks/run.sh [--quick] [--only 1,3].
# Builds release, makes the peers' venv (Benchmarks/.venv-peers, pinned by Benchmarks/peers/requirements.txt), runs
# suite-bench, which prints the table and writes Benchmarks/results/{full,quick}.{md,json}.
# BENCH_DATA=DIR overrides the article-extraction benchmark's folder (default ../shared/data/article-extraction-benchmark).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
swift=${SWIFT:-swift}
# As `make release` builds what is installed: the Swift runtime and Foundation linked in statically.
release="-c release --static-swift-stdlib"
echo "building release (reportwatchd, suite-bench)…"
$swift build $release --product reportwatchd >/dev/null || { echo "release build of reportwatchd failed" >&2; exit 1; }
$swift build $release --product suite-bench >/dev/null || { echo "release build of suite-bench failed" >&2; exit 1; }
bin="$($swift build $release --show-bin-path)"
venv="$root/Benchmarks/.venv-peers"
if [ -f "$venv/.ready" ] && cmp -s "$venv/.ready" Benchmarks/peers/requirements.txt; then
    set -- --peer-python "$venv/bin/python" "$@"
else
    echo "making the peers' venv in $venv (pip, pinned versions)..."
    log=$(mktemp)
    if { [ -x "$venv/bin/python" ] || python3 -m venv "$venv" >"$log" 2>&1; } \
        && "$venv/bin/python" -m pip install -q --disable-pip-version-check -r Benchmarks/peers/requirements.txt >"$log" 2>&1; then
        cp Benchmarks/peers/requirements.txt "$venv/.ready"
        set -- --peer-python "$venv/bin/python" "$@"
    else
        reason=$(tail -n 1 "$log" | cut -c1-200)
        echo "peers unavailable (venv or pip failed: $reason): every peer column is skipped, our figures are kept"
        set -- --peer-missing "venv or pip failed: $reason" "$@"
    fi
    rm -f "$log"
fi
exec "$bin/suite-bench" run --root "$root" --data "${BENCH_DATA:-$root/../shared/data/article-extraction-benchmark}" \
    --swift-version "$($swift --version 2>/dev/null | head -n 1)" "$@"
