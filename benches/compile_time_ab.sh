#!/usr/bin/env bash
# Compile time of this tree's asyncgen against a baseline revision of it and
# against async-stream 0.3, in one run: the typical crates of
# benches/compile_time.sh (200 generators, with and without finally!), three
# crates per pair built in rotating order, so that a slow spell on the shared
# machine hits all three.
#
# Usage: BASE=<dir> benches/compile_time_ab.sh
#   BASE     an unpacked `git archive <rev>` of this repository: the baseline
#            asyncgen (e.g. `git archive f7739a8 | tar -x -C /tmp/base`)
#   ROUNDS   timed builds per crate and profile (default 3)
#   PROFILES "debug release" (default) or one of them
#
# Each timed build is a non-incremental `cargo build` of the crate alone, its
# dependencies prebuilt (a build that compiled anything else is repeated), as
# in compile_time.sh, whose generator (compile_time/gen.py) it uses. Two
# measures per build: wall time, and CPU time (user + system of cargo and the
# rustc it waits for, from /usr/bin/time), which a loaded machine disturbs
# less than wall time. Prints medians of the times and medians of the
# per-round ratios as markdown; the samples go to stderr.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
gen_py=$root/benches/compile_time/gen.py
base=$(cd "${BASE:?BASE=<dir of the baseline asyncgen>}" && pwd)
out=$root/target/compile-time-ab
export CARGO_TARGET_DIR=$out/target
export CARGO_TERM_COLOR=never
export CARGO_INCREMENTAL=0
rounds=${ROUNDS:-3}
read -r -a profiles <<<"${PROFILES:-debug release}"

log() { echo "[compile-time-ab] $*" >&2; }
manifest() { echo "$out/crates/$1/Cargo.toml"; }
profile_flags() { [[ $1 == release ]] && echo "--release" || true; }
deps_of() {
    case "$1" in
        async-stream-*) echo "-p async-stream -p futures-core" ;;
        *) echo "-p asyncgen -p futures-core" ;;
    esac
}
median() { sort -g | awk '{ v[NR] = $1 } END { m = int((NR + 1) / 2); if (NR % 2) print v[m]; else print (v[m] + v[m + 1]) / 2 }'; }

gen() { python3 "$gen_py" typical "$out/crates/$1" "$1" --count 200 "${@:2}"; }
for pair in finally plain; do
    flag=()
    [[ $pair == finally ]] && flag=(--finally)
    gen "asyncgen-$pair" --style asyncgen "${flag[@]}" --asyncgen-path "$root"
    gen "baseline-$pair" --style asyncgen "${flag[@]}" --asyncgen-path "$base"
    gen "async-stream-$pair" --style async-stream "${flag[@]}" --asyncgen-path "$root"
done

# timed <crate> <profile>: "wall cpu", seconds of one build of the crate alone.
timed() {
    local m=$(manifest "$1") err=$out/$1.stderr tf=$out/$1.time n
    mkdir -p "$out"
    for _ in 1 2 3; do
        # shellcheck disable=SC2046
        cargo build -q --manifest-path "$m" $(profile_flags "$2") $(deps_of "$1")
        touch "$out/crates/$1/src/lib.rs"
        # shellcheck disable=SC2046
        /usr/bin/time -f '%e %U %S' -o "$tf" cargo build --manifest-path "$m" $(profile_flags "$2") 2>"$err"
        n=$(grep -cE '^ *Compiling ' "$err" || true)
        if ((n == 1)); then
            awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$tf"
            return
        fi
        log "$1: $n crates compiled in the timed build, measuring again"
    done
    echo "FAILED"
    return 1
}

echo "| profile | cleanup | measure | asyncgen (this tree) | baseline ($(basename "$base")) | async-stream | this tree / async-stream | baseline / async-stream | this tree / baseline |"
echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for profile in "${profiles[@]}"; do
    for pair in finally plain; do
        crates=("asyncgen-$pair" "baseline-$pair" "async-stream-$pair")
        for c in "${crates[@]}"; do
            log "warm-up: $c ($profile)"
            # shellcheck disable=SC2046
            cargo build -q --manifest-path "$(manifest "$c")" $(profile_flags "$profile") $(deps_of "$c")
        done
        declare -A t=()
        for measure in wall cpu; do
            declare -a "s_${measure}_a=()" "s_${measure}_b=()" "s_${measure}_s=()"
        done
        for ((r = 0; r < rounds; r++)); do
            for ((k = 0; k < 3; k++)); do
                c=${crates[$(((r + k) % 3))]}
                t[$c]=$(timed "$c" "$profile")
                log "$profile round $((r + 1))/$rounds: $c ${t[$c]% *} s wall, ${t[$c]#* } s cpu"
            done
            read -r wa ca <<<"${t[asyncgen-$pair]}"
            read -r wb cb <<<"${t[baseline-$pair]}"
            read -r ws cs <<<"${t[async-stream-$pair]}"
            s_wall_a+=("$wa") s_wall_b+=("$wb") s_wall_s+=("$ws")
            s_cpu_a+=("$ca") s_cpu_b+=("$cb") s_cpu_s+=("$cs")
        done
        cleanup=$([[ $pair == finally ]] && echo '`finally!` (async-stream: at the end)' || echo 'at the end of the body')
        for measure in wall cpu; do
            declare -n A=s_${measure}_a B=s_${measure}_b S=s_${measure}_s
            ra=() rb=() rab=()
            for ((r = 0; r < rounds; r++)); do
                ra+=("$(awk -v x="${A[r]}" -v y="${S[r]}" 'BEGIN { print x / y }')")
                rb+=("$(awk -v x="${B[r]}" -v y="${S[r]}" 'BEGIN { print x / y }')")
                rab+=("$(awk -v x="${A[r]}" -v y="${B[r]}" 'BEGIN { print x / y }')")
            done
            printf '| %s | %s | %s | %.2f s | %.2f s | %.2f s | %.2fx | %.2fx | %.2fx |\n' "$profile" "$cleanup" "$measure" \
                "$(printf '%s\n' "${A[@]}" | median)" "$(printf '%s\n' "${B[@]}" | median)" \
                "$(printf '%s\n' "${S[@]}" | median)" "$(printf '%s\n' "${ra[@]}" | median)" \
                "$(printf '%s\n' "${rb[@]}" | median)" "$(printf '%s\n' "${rab[@]}" | median)"
            unset -n A B S
        done
    done
done
echo
echo "(median of $rounds rounds, each crate built once per round in rotating order; ratios are medians of the per-round ratios; $(rustc --version))"
