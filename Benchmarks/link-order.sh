#!/bin/sh
# Regenerates Sources/reportwatchd/link-order.txt (`make link-order`): the functions reportwatchd runs in the poll
# cycles the benchmarks measure, which the release link places together at the start of .text.
#
# Why: a page of code the daemon touches maps its neighbours too (the kernel's fault-around), so code run once but
# spread over the 20 MB text segment cost ~12 MB of resident memory at 10,000 sources; packed, the same code is ~2 MB.
# The list only orders the link: a name that no longer exists is ignored, a new function just is not packed.
# Regenerate after large changes or a toolchain update, and compare `make bench` row 1's peak RSS before and after.
#
# Needs valgrind (callgrind lists every function that ran, where sampling would miss the ones run once).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
swift=${SWIFT:-swift}
command -v valgrind >/dev/null || { echo "link-order: needs valgrind (apt-get install valgrind)" >&2; exit 1; }
echo "building release (reportwatchd, suite-bench)..."
$swift build -c release --static-swift-stdlib --product reportwatchd >/dev/null
$swift build -c release --static-swift-stdlib --product suite-bench >/dev/null
bin="$($swift build -c release --static-swift-stdlib --show-bin-path)"
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT INT TERM

# valgrind cannot read the DWARF of this toolchain's binaries; the symbol table is all it needs.
objcopy --strip-debug "$bin/reportwatchd" "$work/reportwatchd"
# profile NAME CONFIG: one `--once` pass under callgrind, run in $work (where a default store path lands).
profile() {
    (cd "$work" && valgrind --tool=callgrind --compress-strings=no --demangle=no --callgrind-out-file="$1.callgrind" \
        ./reportwatchd --config "$2" --once >/dev/null 2>"$1.log") \
        || { echo "link-order: reportwatchd failed under valgrind ($1); see below" >&2; cat "$work/$1.log" >&2; exit 1; }
}

# The poll row's workload: pages on a loopback origin, first poll (all new), all unchanged (304), 10% changed.
"$bin/suite-bench" serve --ports 16 --page-bytes 2000 >"$work/ports" 2>/dev/null &
server=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$work/ports" ] && break; sleep 0.2; done
ports=$(cat "$work/ports")
[ -n "$ports" ] || { echo "link-order: the loopback origin did not start" >&2; exit 1; }
{
    printf 'store:\n  path: %s/poll.sqlite\ndaemon:\n  concurrency: 16\n  log_level: error\n  retries: 0\n' "$work"
    printf '  interval: 1d\n  proxy: ""\nsources:\n'
    i=0
    for port in $ports $ports $ports $ports $ports $ports $ports $ports $ports $ports $ports $ports $ports; do
        printf '  - {name: s%d, kind: page, url: "http://127.0.0.1:%s/p/%d"}\n' "$i" "$port" "$i"
        i=$((i + 1))
    done
} >"$work/poll.yaml"
first_port=${ports%% *}
echo "profiling poll cycles (first, unchanged, 10% changed)..."
profile first "$work/poll.yaml"
profile unchanged "$work/poll.yaml"
curl -fsS "http://127.0.0.1:$first_port/_phase/1" >/dev/null
profile changed "$work/poll.yaml"
# The bundled default configuration (the seeds folder), with its store in $work/.state.
echo "profiling the default configuration..."
profile default "$root/config/reportwatch.yaml"

# Every function that ran, kept when the binary defines it (not libc's, not libcurl's). Sorted by name: the whole
# set is packed and all of it is touched, so the order within it barely matters, and sorted lists diff well.
nm --defined-only "$bin/reportwatchd" | awk '$2 ~ /^[tTwW]$/ { print $3 }' | LC_ALL=C sort -u >"$work/defined"
cat "$work/first.callgrind" "$work/unchanged.callgrind" "$work/changed.callgrind" "$work/default.callgrind" \
    | sed -n -E "s/^c?fn=(\([0-9]+\) )?//p" | sed -E "s/'[0-9]+$//" | LC_ALL=C sort -u \
    | LC_ALL=C comm -12 - "$work/defined" >"$work/order"
out=Sources/reportwatchd/link-order.txt
mv "$work/order" "$out"
# SwiftPM does not know the link reads this file: make the next release build link again.
rm -f "$bin/reportwatchd" "$bin/reportwatch"
echo "wrote $out: $(wc -l <"$out") functions"
