#!/usr/bin/env bash
# Instructions per item and per creation for every contender, counted by
# callgrind: deterministic, unlike time on a shared 2-core machine.
#
# Usage: benches/instructions.sh [--nightly]
#   --nightly   also the nightly-only contenders (futures-async-stream,
#               native `async gen`); needs `cargo +nightly`.
# Environment:
#   SHORT, LONG  the two lengths (default 10000 and 110000)
#   PROFILES     space-separated LTO:CODEGEN_UNITS pairs to build and count
#                (default "fat:1 false:16": fat LTO with one codegen unit,
#                then Cargo's release defaults)
#   ONLY         space-separated contender names (default: all in the build)
#
# Method. `instr <c> sum N` drains one stream of N items; instructions per
# item are (I(LONG) - I(SHORT)) / (LONG - SHORT), so process start-up,
# argument parsing and the stream's creation cancel. `sum-opaque` is the same
# with every `poll_next` a call that is never inlined (no fusing of the
# stream into the consumer's loop). `instr <c> first K` creates a stream,
# takes its first item and drops it, K times; the cost per creation is the
# same difference over K, minus that of the pseudo-contender `none`, which
# runs the same loop and indirect call with no stream (its own row).
# I(...) is callgrind's "Collected" total: instructions executed.
#
# Differences. After each profile's table, a second one gives, for every
# measured `<way>+<variant>` row, its three numbers minus those of `<way>`
# (what the variant costs written that way: `asyncgen+finally` minus
# `asyncgen`) and minus those of `hand-written+<variant>` (what that way
# costs over the raw thing: `asyncgen+mpsc` minus `hand-written+mpsc`, the
# channel drained with `poll_recv`), each where the other row was measured
# in the same run (put both in ONLY). The `+mpsc` rows' per-item numbers
# include sending each item (see src/mpsc.rs); the raw row carries the same
# send, so it cancels in the second difference.
#
# Each contender and mode is its own build (`INSTR_SELECT=<name>:<mode>`, see
# src/bin/instr.rs), so that no other code shares its generic functions and
# moves the optimiser's inlining. Builds are `--release` with, through
# Cargo's environment overrides, debug = false and the LTO / codegen-units
# pair of each profile, into target/instructions-* so that other builds are
# untouched. valgrind comes from Debian's packages: `apt-get install valgrind`.
set -euo pipefail
cd "$(dirname "$0")/.."

toolchain=()
features=()
case "${1:-}" in
    --nightly) toolchain=(+nightly); features=(--features nightly) ;;
    "") ;;
    *) echo "usage: $0 [--nightly]" >&2; exit 2 ;;
esac
short=${SHORT:-10000}
long=${LONG:-110000}
profiles=${PROFILES:-fat:1 false:16}

if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind is not installed. On Debian/Ubuntu: apt-get install valgrind" >&2
    exit 1
fi

# Builds target/instructions-*/release/instr with INSTR_SELECT="$1" (empty:
# every contender, chosen at run time).
build() {
    INSTR_SELECT="$1" \
    CARGO_PROFILE_RELEASE_DEBUG=false \
    CARGO_PROFILE_RELEASE_LTO=$lto \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=$cgu \
        cargo "${toolchain[@]}" build --quiet --release -p asyncgen-benches --bin instr \
        "${features[@]}" --target-dir "$target_dir"
}

# Total instructions callgrind collects for one run of `$instr "$@"`.
count() {
    local out
    out=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$instr" "$@" 2>&1) || {
        echo "$out" >&2
        return 1
    }
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' <<<"$out"
}

# Instructions per unit of `instr <name> <mode> N` between N=short and N=long,
# in a build of that contender and mode alone.
per_unit() {
    local lo hi
    build "$1:$2"
    lo=$(count "$1" "$2" "$short")
    hi=$(count "$1" "$2" "$long")
    awk -v lo="$lo" -v hi="$hi" -v d="$((long - short))" 'BEGIN { printf "%.2f", (hi - lo) / d }'
}

row() { printf '| %-30s | %12s | %22s | %30s |\n' "$@"; }
diff_row() { printf '| %-30s | %-33s | %-32s |\n' "$@"; }

# "item / poll call / create" of row $1 minus row $2, or "-" if $2 was not
# measured in this run.
minus() {
    [[ -n "${item[$2]:-}" ]] || { echo "-"; return; }
    awk -v a="${item[$1]}" -v b="${item[$2]}" -v c="${opaque[$1]}" -v d="${opaque[$2]}" \
        -v e="${first[$1]}" -v f="${first[$2]}" \
        'BEGIN { printf "%+.1f / %+.1f / %+.1f", a - b, c - d, e - f }'
}

echo "$(rustc "${toolchain[@]}" --version); lengths $short and $long"
for profile in $profiles; do
    lto=${profile%%:*}
    cgu=${profile##*:}
    target_dir=target/instructions${toolchain[0]:+-nightly}-lto-$lto-cgu-$cgu
    instr=$target_dir/release/instr
    build ""
    names=${ONLY:-$("$instr" list)}

    echo
    echo "release build, debug = false, lto = $lto, codegen-units = $cgu:"
    echo
    overhead=$(per_unit none first)
    row "contender" "instr / item" "instr / item, poll call" "instr to create + first item + drop"
    row "---" "---:" "---:" "---:"
    row "none (harness overhead)" "-" "-" "$overhead (subtracted below)"
    declare -A item=() opaque=() first=()
    for name in $names; do
        item[$name]=$(per_unit "$name" sum)
        opaque[$name]=$(per_unit "$name" sum-opaque)
        first[$name]=$(awk -v a="$(per_unit "$name" first)" -v b="$overhead" \
            'BEGIN { printf "%.1f", a - b }')
        row "$name" "$(printf %.1f "${item[$name]}")" "$(printf %.1f "${opaque[$name]}")" \
            "${first[$name]}"
    done

    echo
    echo "differences, each cell instr / item, instr / item with a poll call, instr to create + first item + drop:"
    echo
    diff_row "contender (way+variant)" "minus the way without the variant" \
        "minus hand-written+variant (raw)"
    diff_row "---" "---" "---"
    for name in $names; do
        [[ $name == *+* ]] || continue
        way=${name%%+*}
        variant=${name#"$way"}
        diff_row "$name" "$(minus "$name" "$way")" "$(minus "$name" "hand-written$variant")"
    done
done
