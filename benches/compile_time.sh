#!/usr/bin/env bash
# Compile time of `#[async_generator]` against async-stream 0.3 (issue 8).
#
# Usage: benches/compile_time.sh [--quick]
#   --quick   one round, debug only: a smoke run.
# Environment:
#   ROUNDS          timed builds per crate and profile (default 5; 1 with --quick)
#   STRESS_SLOW     a stress check slower than this many seconds is not
#                   repeated (default 60): its one time is reported
#   STRESS_TIMEOUT  a stress check is stopped after this many seconds and
#                   reported as FAILED (default 900)
#   ASYNCGEN_PATH   the asyncgen package to measure (default: this repository's
#                   root, i.e. its working tree); e.g. an unpacked
#                   `git archive <rev>` to measure a committed revision
#
# What it does:
#   1. Generates standalone crates under target/compile-time/ (never
#      committed), with benches/compile_time/gen.py: 200 "typical" generators
#      each (a loop, two awaits, a `?`, a cleanup that awaits), as
#        asyncgen-finally      #[async_generator] with the cleanup in finally!
#        async-stream-finally  try_stream!, the cleanup at the end of the body
#                              (async-stream has no finally)
#        asyncgen-plain        #[async_generator], the cleanup at the end
#        async-stream-plain    try_stream!, the cleanup at the end
#      The two async-stream crates are the same code by construction: their
#      difference is a measure of the noise. Each crate polls every generator
#      from one public function, so that its state machines are compiled to
#      machine code as in an application, not only type-checked.
#   2. Times `cargo build` of each crate alone, debug then release: the
#      dependencies are built first (untimed) into the shared
#      target/compile-time/target, the crate's src/lib.rs is touched, and
#      only its own compilation runs in the timed build (checked: a timed
#      build that compiled anything else is discarded and repeated).
#   3. Counts the expanded lines per generator: `cargo +nightly rustc
#      -Zunpretty=expanded` (nightly-only flag; nothing to install) of a
#      crate with 1 generator minus the same crate with 0, non-blank lines.
#   4. Stress cases, `cargo check` (median of 3, or one run when it is slower
#      than STRESS_SLOW): one block with 1,000 finally! blocks; one body with
#      2,000 statements and 500 yield_!s (and the same body with
#      async-stream's stream!, for reference). A failing or timed-out rustc
#      is reported ("FAILED (...)"), not fatal.
# The tables go to stdout as markdown for BENCHMARKS.md; progress and the
# raw samples go to stderr (and target/compile-time/samples.txt).
#
# Noise. The machine has two cores and is shared with other builds, and
# instruction counts are not available here (`perf stat` counts nothing), so
# these are wall times: the two crates of a pair are built alternately, in
# the order A B then B A from one round to the next, so a slow spell hits
# both sides, and medians are reported. The wall time is that of the whole
# `cargo build`, including Cargo's own start-up and freshness checks (the
# same for both crates; printed as the "no-op build" line so it can be
# subtracted). Incremental compilation is off (CARGO_INCREMENTAL=0), so each
# timed build compiles the crate from scratch.
#
# asyncgen is this repository's working tree, through a path dependency: each
# build measures the tree as it is when it runs. If the sources change during
# the run, the report says so (the medians then mix versions); to measure a
# fixed revision, point ASYNCGEN_PATH at an unpacked `git archive`.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
gen_py=$root/benches/compile_time/gen.py
asyncgen_path=$(cd "${ASYNCGEN_PATH:-$root}" && pwd)
out=$root/target/compile-time
samples=$out/samples.txt
export CARGO_TARGET_DIR=$out/target
export CARGO_TERM_COLOR=never
# Incremental compilation would turn every timed build after the first into a
# replay of its cache (the touched file is unchanged): every build is whole.
export CARGO_INCREMENTAL=0

rounds=${ROUNDS:-5}
profiles=(debug release)
case "${1:-}" in
    --quick) rounds=1; profiles=(debug) ;;
    "") ;;
    *) echo "usage: $0 [--quick]" >&2; exit 2 ;;
esac
count=200   # generators per timed crate
stress_slow=${STRESS_SLOW:-60}
stress_timeout=${STRESS_TIMEOUT:-900}

log() { echo "[compile-time] $*" >&2; }
fmt_s() { [[ $1 =~ ^[0-9.]+$ ]] && awk -v v="$1" 'BEGIN { printf "%.2f s", v }' || echo "$1"; }

mkdir -p "$out/logs"
: >"$samples"

# ---------------------------------------------------------------- generation
gen() { python3 "$gen_py" "$1" "$out/crates/$2" "$2" --asyncgen-path "$asyncgen_path" "${@:3}"; }

gen typical asyncgen-finally --style asyncgen --finally --count $count
gen typical async-stream-finally --style async-stream --finally --count $count
gen typical asyncgen-plain --style asyncgen --count $count
gen typical async-stream-plain --style async-stream --count $count
# Expansion: the same crate with 0 and with 1 generator, no driver function.
gen typical expand-asyncgen-0 --style asyncgen --count 0 --no-driver
gen typical expand-asyncgen-finally-1 --style asyncgen --finally --count 1 --no-driver
gen typical expand-asyncgen-plain-1 --style asyncgen --count 1 --no-driver
gen typical expand-async-stream-0 --style async-stream --count 0 --no-driver
gen typical expand-async-stream-finally-1 --style async-stream --finally --count 1 --no-driver
gen typical expand-async-stream-plain-1 --style async-stream --count 1 --no-driver
gen stress-finally stress-finally-1000 --blocks 1000
gen stress-yield stress-yield-asyncgen --style asyncgen --statements 2000 --yields 500
gen stress-yield stress-yield-async-stream --style async-stream --statements 2000 --yields 500

manifest() { echo "$out/crates/$1/Cargo.toml"; }

# The dependencies of a generated crate, as `-p` specs: building them alone
# never compiles the crate itself.
deps_of() {
    case "$1" in
        *async-stream*) echo "-p async-stream -p futures-core" ;;
        *) echo "-p asyncgen -p futures-core" ;;
    esac
}

profile_flags() { [[ $1 == release ]] && echo "--release" || true; }

# Prints why a failed cargo run failed, from its stderr: rustc's signal or
# exit status as Cargo reports them, else cargo's own exit code.
failure_reason() {
    local err=$1 code=$2 what
    what=$(grep -oE '\(signal: [0-9]+, [A-Z]+' "$err" | head -1 | sed 's/^(signal: /signal /') || true
    [[ -z $what ]] && what=$(grep -oE '\(exit (status|code): [0-9]+' "$err" | head -1 | sed 's/^(//') || true
    [[ -z $what ]] && what="cargo exit code $code"
    echo "FAILED ($what)"
}

# A dependency (the working tree's asyncgen, most likely) did not build.
dependency_failure() {
    local which
    which=$(grep -oE 'could not compile `[^`]+`' "$1" | head -1 | tr -d '`' | sed 's/could not compile //') || true
    echo "FAILED (dependency ${which:-?} does not compile)"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; m = int((NR + 1) / 2); if (NR % 2) print v[m]; else print (v[m] + v[m + 1]) / 2 }'; }

# timed <crate> <cargo command: build|check> <profile> [time limit, seconds]
# Prints the wall seconds of one build of the crate alone, or FAILED (...).
timed() {
    local crate=$1 cmd=$2 profile=$3 limit=${4:-0} m err t0 t1 code attempt n
    m=$(manifest "$crate")
    err=$out/logs/$crate.stderr
    # shellcheck disable=SC2046  # the flag lists are meant to split
    for attempt in 1 2 3; do
        # Dependencies fresh (a no-op unless someone edited the tree).
        code=0
        cargo "$cmd" -q --manifest-path "$m" $(profile_flags "$profile") $(deps_of "$crate") 2>"$err" || code=$?
        if ((code != 0)); then
            dependency_failure "$err"
            return
        fi
        touch "$out/crates/$crate/src/lib.rs"
        t0=$(date +%s.%N)
        code=0
        # `timeout 0` never times out; on expiry it kills cargo's whole
        # process group (rustc included) and exits with 124.
        timeout "$limit" cargo "$cmd" --manifest-path "$m" $(profile_flags "$profile") 2>"$err" || code=$?
        t1=$(date +%s.%N)
        if ((code == 124 && limit > 0)); then
            echo "FAILED (timed out after $limit s)"
            return
        elif ((code != 0)); then
            failure_reason "$err" $code
            return
        fi
        # Only the crate itself may have been compiled; else the tree changed
        # between the two commands: measure again.
        n=$(grep -cE '^ *(Compiling|Checking) ' "$err" || true)
        if ((n == 1)); then
            awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
            return
        fi
        log "$crate: $n crates compiled in the timed build (attempt $attempt), measuring again"
    done
    echo "FAILED (dependencies kept changing)"
}

# The wall time of a no-op `cargo build` (everything fresh): Cargo's own share.
noop_time() {
    local m t0 t1
    m=$(manifest "$1")
    # shellcheck disable=SC2046
    cargo build -q --manifest-path "$m" $(profile_flags "$2") 2>/dev/null || { echo "?"; return; }
    for _ in 1 2 3; do
        t0=$(date +%s.%N)
        # shellcheck disable=SC2046
        cargo build -q --manifest-path "$m" $(profile_flags "$2") 2>/dev/null
        t1=$(date +%s.%N)
        awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
    done | median
}

# A digest of the asyncgen sources, to notice edits made during the run.
tree_state() {
    (cd "$asyncgen_path" && find Cargo.toml src macros/Cargo.toml macros/src runtime/Cargo.toml runtime/src \
        -type f -print0 | sort -z | xargs -0 cat | md5sum | cut -c1-12)
}
declare -A states_seen

# ------------------------------------------------------------------- warm-up
# Lockfiles and dependencies, once per profile (and for check, for the stress
# cases), so that no timed build compiles a dependency.
for crate in asyncgen-finally async-stream-finally; do
    for profile in "${profiles[@]}"; do
        log "warm-up: $crate dependencies ($profile)"
        # shellcheck disable=SC2046
        cargo build -q --manifest-path "$(manifest "$crate")" $(profile_flags "$profile") $(deps_of "$crate") ||
            log "warm-up failed for $crate ($profile); its timings will say FAILED"
    done
done

# ------------------------------------------------------------ 2. build times
declare -A median_of
pairs=(finally plain)
for profile in "${profiles[@]}"; do
    for pair in "${pairs[@]}"; do
        a=asyncgen-$pair
        b=async-stream-$pair
        declare -a sa=() sb=()
        fa="" fb=""
        for ((r = 1; r <= rounds; r++)); do
            if ((r % 2)); then order=("$a" "$b"); else order=("$b" "$a"); fi
            for crate in "${order[@]}"; do
                t=$(timed "$crate" build "$profile")
                states_seen[$(tree_state)]=1
                log "$profile round $r/$rounds: $crate $(fmt_s "$t")"
                echo "$profile $crate round $r: $t" >>"$samples"
                case $t in
                    FAILED*) [[ $crate == "$a" ]] && fa=$t || fb=$t ;;
                    *) if [[ $crate == "$a" ]]; then sa+=("$t"); else sb+=("$t"); fi ;;
                esac
            done
            # A crate that does not compile will not compile next round either.
            [[ -n $fa || -n $fb ]] && break
        done
        median_of[$profile/$a]=${fa:-$(printf '%s\n' "${sa[@]}" | median)}
        median_of[$profile/$b]=${fb:-$(printf '%s\n' "${sb[@]}" | median)}
        unset sa sb
    done
    median_of[$profile/noop]=$(noop_time async-stream-plain "$profile")
done

# ---------------------------------------------------------- 3. expansion size
# Non-blank lines of the crate as rustc expands it (nightly-only flag).
expanded_lines() {
    local m err
    m=$(manifest "$1")
    err=$out/logs/$1.stderr
    local code=0
    cargo +nightly rustc -q --manifest-path "$m" --lib --profile check -- -Zunpretty=expanded \
        >"$out/$1.expanded.rs" 2>"$err" || code=$?
    if ((code == 0)); then
        grep -c '[^[:space:]]' "$out/$1.expanded.rs"
    else
        failure_reason "$err" $code
    fi
}
declare -A lines_of
for crate in expand-asyncgen-0 expand-asyncgen-finally-1 expand-asyncgen-plain-1 \
    expand-async-stream-0 expand-async-stream-finally-1 expand-async-stream-plain-1; do
    log "expanding $crate (nightly)"
    lines_of[$crate]=$(expanded_lines "$crate")
done
expansion_delta() {
    local one=${lines_of[$1]} zero=${lines_of[$2]}
    if [[ $one =~ ^[0-9]+$ && $zero =~ ^[0-9]+$ ]]; then
        echo $((one - zero))
    elif [[ $one =~ ^[0-9]+$ ]]; then
        echo "$zero"
    else
        echo "$one"
    fi
}
source_lines() { # non-blank lines of g0 in a generated crate, doc comment excluded
    awk '/^\/\/\/ Generator 0/ { on = 1; next } on && /^}/ { n++; print n; exit } on && NF { n++ }' \
        "$out/crates/$1/src/lib.rs"
}

# ------------------------------------------------------------ 4. stress cases
stress_check() {
    local crate=$1 t
    declare -a s=()
    log "stress: checking $crate"
    for _ in 1 2 3; do
        t=$(timed "$crate" check debug "$stress_timeout")
        echo "stress $crate: $t" >>"$samples"
        log "stress $crate: $(fmt_s "$t")"
        case $t in FAILED*) echo "$t"; return ;; esac
        s+=("$t")
        # Three runs of a very slow case would cost more than they tell.
        if awk -v t="$t" -v slow="$stress_slow" 'BEGIN { exit !(t > slow) }'; then
            break
        fi
    done
    t=$(printf '%s\n' "${s[@]}" | median)
    if ((${#s[@]} < 3)); then
        echo "$(fmt_s "$t") (median of ${#s[@]}: a run took over $stress_slow s)"
    else
        fmt_s "$t"
    fi
}
log "warm-up: check dependencies"
cargo check -q --manifest-path "$(manifest stress-finally-1000)" -p asyncgen -p futures-core || true
cargo check -q --manifest-path "$(manifest stress-yield-async-stream)" -p async-stream -p futures-core || true
stress_a=$(stress_check stress-finally-1000)
stress_b=$(stress_check stress-yield-asyncgen)
stress_b_ref=$(stress_check stress-yield-async-stream)

# -------------------------------------------------------------------- report
ratio() {
    if [[ $1 =~ ^[0-9.]+$ && $2 =~ ^[0-9.]+$ ]]; then
        awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'
    else
        echo "n/a"
    fi
}

if [[ $asyncgen_path == "$root" ]]; then
    measured="commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "?")"
    dirty=$(git -C "$root" status --porcelain -- src macros runtime Cargo.toml 2>/dev/null | wc -l)
    if ((dirty)); then measured+=", $dirty modified files in src/ macros/ runtime/"; fi
else
    measured="asyncgen from $asyncgen_path"
fi
echo
echo "Compile time, $count generators per crate, wall seconds, median of $rounds"
echo "(\`benches/compile_time.sh\`$([[ ${1:-} == --quick ]] && echo " --quick"); $measured; $(rustc --version)):"
echo
echo "| profile | cleanup | asyncgen | async-stream | asyncgen / async-stream |"
echo "| --- | --- | ---: | ---: | ---: |"
for profile in "${profiles[@]}"; do
    for pair in "${pairs[@]}"; do
        a=${median_of[$profile/asyncgen-$pair]}
        b=${median_of[$profile/async-stream-$pair]}
        case $pair in
            finally) what="finally! (async-stream: at the end)" ;;
            plain) what="at the end of the body" ;;
        esac
        echo "| $profile | $what | $(fmt_s "$a") | $(fmt_s "$b") | $(ratio "$a" "$b") |"
    done
done
echo
if ((${#states_seen[@]} > 1)); then
    echo "**Warning**: the asyncgen sources changed during the run (${#states_seen[@]} versions were built); these medians mix them."
    echo
fi
for profile in "${profiles[@]}"; do
    echo "A no-op \`cargo build\` ($profile, everything fresh) takes $(fmt_s "${median_of[$profile/noop]}") of each figure above."
done
echo
echo "Expansion per generator: non-blank lines of \`cargo +nightly rustc -- -Zunpretty=expanded\`, crate with 1 generator minus the same crate with 0:"
echo
echo "| generator | source lines | expanded lines |"
echo "| --- | ---: | ---: |"
echo "| asyncgen, finally! | $(source_lines expand-asyncgen-finally-1) | $(expansion_delta expand-asyncgen-finally-1 expand-asyncgen-0) |"
echo "| asyncgen, cleanup at the end | $(source_lines expand-asyncgen-plain-1) | $(expansion_delta expand-asyncgen-plain-1 expand-asyncgen-0) |"
echo "| async-stream \`try_stream!\`, finally pair (cleanup at the end) | $(source_lines expand-async-stream-finally-1) | $(expansion_delta expand-async-stream-finally-1 expand-async-stream-0) |"
echo "| async-stream \`try_stream!\`, plain pair (cleanup at the end) | $(source_lines expand-async-stream-plain-1) | $(expansion_delta expand-async-stream-plain-1 expand-async-stream-0) |"
echo
echo "Stress cases, \`cargo check\` of one generator, median of 3 (of fewer when a run takes over $stress_slow s):"
echo
echo "| case | check time |"
echo "| --- | ---: |"
echo "| 1,000 \`finally!\` in one block (asyncgen) | $stress_a |"
echo "| 2,000 statements, 500 \`yield_!\` (asyncgen) | $stress_b |"
echo "| the same body with async-stream \`stream!\` (reference) | $stress_b_ref |"
