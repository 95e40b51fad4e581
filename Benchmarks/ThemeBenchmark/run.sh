#!/bin/sh
# theme-bench with the YAKE 0.7.3 peer, from any directory: Benchmarks/ThemeBenchmark/run.sh [--show] [--top N]
# Builds release, dumps the parsed texts, runs YAKE in a venv (Benchmarks/.venv-yake, gitignored), then compares.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
swift build -c release --product theme-bench >/dev/null 2>&1 || { echo "theme-bench: release build failed" >&2; exit 1; }
bin="$(swift build -c release --show-bin-path 2>/dev/null)/theme-bench"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" --root "$root" --dump-texts "$work/texts"
venv="$root/Benchmarks/.venv-yake"
peer=""
if { [ -x "$venv/bin/python" ] || python3 -m venv "$venv" >/dev/null 2>&1; } \
    && "$venv/bin/python" -m pip install -q yake==0.7.3 >/dev/null 2>&1 \
    && "$venv/bin/python" Benchmarks/ThemeBenchmark/yake_peer.py "$work/texts" >"$work/peer.json"; then
    peer="--peer $work/peer.json"
else
    echo "YAKE 0.7.3 unavailable (venv or pip failed): peer rows skipped"
fi
# shellcheck disable=SC2086
"$bin" --root "$root" $peer "$@"
