#!/usr/bin/env bash
# Where a contender's instructions per item go: builds the `instr` binary for
# that contender alone (as instructions.sh does), counts every executed
# instruction with callgrind (--dump-instr=yes) over N items, and prints the
# disassembly of the range of hot instructions (those run at least once per
# 2 items) with each instruction's count per item. With `first`, "item"
# reads "creation" (create, first item, drop; N times).
#
# Usage: benches/hotloop.sh <contender> [sum | sum-opaque | first] [--nightly]
# Environment: LTO, CGU (default fat and 1), N (default 100000).
# Needs valgrind (`apt-get install valgrind`), objdump (binutils) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

name=${1:?usage: $0 <contender> [sum | sum-opaque | first] [--nightly]}
mode=${2:-sum}
toolchain=()
features=()
if [[ "${3:-}" == --nightly ]]; then toolchain=(+nightly); features=(--features nightly); fi
lto=${LTO:-fat}
cgu=${CGU:-1}
n=${N:-100000}
target_dir=target/instructions${toolchain[0]:+-nightly}-lto-$lto-cgu-$cgu
INSTR_SELECT="$name:$mode" \
CARGO_PROFILE_RELEASE_DEBUG=false \
CARGO_PROFILE_RELEASE_LTO=$lto \
CARGO_PROFILE_RELEASE_CODEGEN_UNITS=$cgu \
    cargo "${toolchain[@]}" build --quiet --release -p asyncgen-benches --bin instr \
    "${features[@]}" --target-dir "$target_dir"
instr=$target_dir/release/instr
out=$(mktemp)
trap 'rm -f "$out"' EXIT
valgrind --tool=callgrind --dump-instr=yes --callgrind-out-file="$out" "$instr" "$name" "$mode" "$n" 2>/dev/null

python3 - "$instr" "$out" "$n" <<'PY'
import re, subprocess, sys

binary, out, items = sys.argv[1], sys.argv[2], int(sys.argv[3])
# Self cost per instruction address; the cost line after `calls=` is the
# callee's inclusive cost, not the call instruction's own.
counts, address, after_call = {}, 0, False
for line in open(out):
    if line.startswith("calls="):
        after_call = True
        continue
    m = re.match(r"^(0x[0-9a-f]+|[+-]\d+|\*)\s+\S+\s+(\d+)", line)
    if not m:
        continue
    position, cost = m.group(1), int(m.group(2))
    if position.startswith("0x"):
        address = int(position, 16)
    elif position != "*":
        address += int(position)
    if not after_call:
        counts[address] = counts.get(address, 0) + cost
    after_call = False
hot = [a for a, c in counts.items() if c / items >= 0.5]
if not hot:
    sys.exit("no instruction ran once per two items")
low, high = min(hot), max(hot)
disassembly = subprocess.run(
    ["objdump", "-d", "--no-show-raw-insn", "-C",
     f"--start-address={low:#x}", f"--stop-address={high + 16:#x}", binary],
    capture_output=True, text=True, check=True).stdout
total = 0
for line in disassembly.splitlines():
    m = re.match(r"\s*([0-9a-f]+):\s*(.*)", line)
    if not m or int(m.group(1), 16) > high:
        continue
    per_item = counts.get(int(m.group(1), 16), 0) / items
    total += per_item
    if per_item >= 0.01:
        print(f"{per_item:6.2f}  {m.group(1)}:  {m.group(2)}")
print(f"{total:6.2f}  instructions per item in this range")
PY
