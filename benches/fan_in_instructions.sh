#!/usr/bin/env bash
# Instructions per item of each fan-in contender on the current-thread
# runtime, counted by callgrind: deterministic, unlike time. (On the
# multi-thread runtime callgrind serialises the threads, so its counts there
# would measure valgrind's scheduling; they are not taken.)
#
# Usage: benches/fan_in_instructions.sh
# Environment:
#   PRODUCERS    space-separated producer counts (default "2 8")
#   SHORT, LONG  items per producer, the two lengths (default 10000 and 20000)
#
# Method. The `fan_in` bench binary is run under callgrind for one round
# (plus its one warm-up round: two runs of each contender kept) on the
# current-thread runtime with `--only <contender>`, which always keeps the
# baseline `joinset+mpsc` too, and once with the baseline alone. For a length
# N, I(c, N) - I(baseline alone, N) is contender c's two runs; the difference
# of that between LONG and SHORT, over 2 * P * (LONG - SHORT) items, is c's
# instructions per item, with the runtime's start-up, spawning and joining
# cancelled out. The baseline's own row is the same difference of the
# baseline-alone runs, which also holds the harness's loop (a few
# instructions per run, nothing per item). I(...) is callgrind's "Collected"
# total. valgrind comes from Debian's packages: `apt-get install valgrind`.
set -euo pipefail
cd "$(dirname "$0")/.."

producers=${PRODUCERS:-2 8}
short=${SHORT:-10000}
long=${LONG:-20000}

if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind is not installed. On Debian/Ubuntu: apt-get install valgrind" >&2
    exit 1
fi

bench=$(cargo bench -p asyncgen-benches --bench fan_in --no-run 2>&1 |
    sed -n 's/.*Executable .*(\(.*\))$/\1/p')
[ -x "$bench" ] || { echo "could not find the fan_in bench binary" >&2; exit 1; }

# Total instructions callgrind collects for one round of `--only "$1"` with
# "$2" producers of "$3" items.
count() {
    local out
    out=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bench" --rounds 1 \
        --runtime current_thread --only "$1" --producers "$2" --items "$3" 2>&1 >/dev/null) || {
        echo "$out" >&2
        return 1
    }
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' <<<"$out"
}

contenders=(
    "acmgr+taskgroup"
    "acmgr+taskgroup into_stream"
    "taskgroup (no acmgr)"
    "acmgr+joinset"
    "joinset+child-wrapper copy"
    "joinset+mpsc as stream"
    "joinset+stream+register copy"
)

echo "instructions per item, current_thread runtime, channel capacity 64"
echo
echo "| contender |$(printf ' %s producers | over baseline |' $producers)"
echo "| --- |$(printf -- ' ---: | ---: |%.0s' $producers)"
declare -A base_lo base_hi
for p in $producers; do
    base_lo[$p]=$(count joinset+mpsc "$p" "$short")
    base_hi[$p]=$(count joinset+mpsc "$p" "$long")
done
row="| joinset+mpsc |"
for p in $producers; do
    row+=$(awk -v lo="${base_lo[$p]}" -v hi="${base_hi[$p]}" -v n="$((2 * p * (long - short)))" \
        'BEGIN { printf " %.1f | 0 |", (hi - lo) / n }')
done
echo "$row"
for c in "${contenders[@]}"; do
    row="| $c |"
    for p in $producers; do
        lo=$(count "$c" "$p" "$short")
        hi=$(count "$c" "$p" "$long")
        row+=$(awk -v lo="$lo" -v hi="$hi" -v blo="${base_lo[$p]}" -v bhi="${base_hi[$p]}" \
            -v n="$((2 * p * (long - short)))" 'BEGIN {
                c = ((hi - bhi) - (lo - blo)) / n; b = (bhi - blo) / n
                printf " %.1f | %+.1f |", c, c - b }')
    done
    echo "$row"
done
