#!/usr/bin/env bash
# `secrets bytes --threads N` against one thread, written to /dev/null.
#
# A benchmark, not a test: it prints figures and a ratio measured in the same
# run (interleaved rounds, medians), and never fails on a figure. Run it on
# an idle machine; it reports the load average so that a busy one shows.
#
#   crates/secrets-cli/threads.sh [BACKEND] [SIZE] [ROUNDS] [THREADS]
#   crates/secrets-cli/threads.sh chacha20 2G 5 2
set -euo pipefail
cd "$(dirname "$0")/../.."

backend=${1:-chacha20}
size=${2:-2G}
rounds=${3:-5}
threads=${4:-$(nproc)}

cargo build --release -q -p secrets-cli
bin=target/release/secrets

# "wall cpu" seconds of one run (cpu = user + system, all threads).
run() {
    /usr/bin/time -f '%e %U %S' "$bin" bytes --backend "$backend" --threads "$1" \
        --size "$size" --no-progress 2>&1 >/dev/null | tail -1 | awk '{print $1, $2 + $3}'
}

median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

load=$(cut -d' ' -f1-3 /proc/loadavg)
one=()
many=()
for ((r = 0; r < rounds; r++)); do
    one+=("$(run 1)")
    many+=("$(run "$threads")")
done
t1=$(printf '%s\n' "${one[@]}" | cut -d' ' -f1 | median)
tn=$(printf '%s\n' "${many[@]}" | cut -d' ' -f1 | median)
c1=$(printf '%s\n' "${one[@]}" | cut -d' ' -f2 | median)
cn=$(printf '%s\n' "${many[@]}" | cut -d' ' -f2 | median)
total=$("$bin" bytes --size "$size" --backend "$backend" --no-progress | wc -c)

# Peak memory at two sizes: constant memory means the same figure.
rss() { /usr/bin/time -f %M "$bin" bytes --backend "$backend" --threads "$threads" --size "$1" --no-progress 2>&1 >/dev/null | tail -1; }

echo "backend $backend, $size ($total bytes) to /dev/null, $rounds interleaved rounds, medians"
echo "cores: $(nproc); load average before: $load, after: $(cut -d' ' -f1-3 /proc/loadavg)"
mib=$(echo "$total / 1048576" | bc -l)
printf 'threads=1:  %.3f s wall  %6.0f MiB/s   %.3f s CPU  %6.0f MiB per CPU-second\n' \
    "$t1" "$(echo "$mib / $t1" | bc -l)" "$c1" "$(echo "$mib / $c1" | bc -l)"
printf 'threads=%d:  %.3f s wall  %6.0f MiB/s   %.3f s CPU  %6.0f MiB per CPU-second\n' \
    "$threads" "$tn" "$(echo "$mib / $tn" | bc -l)" "$cn" "$(echo "$mib / $cn" | bc -l)"
printf 'speed-up (wall): %.2fx; CPU cost of threading: %+.1f%%\n' \
    "$(echo "$t1 / $tn" | bc -l)" "$(echo "($cn / $c1 - 1) * 100" | bc -l)"
echo "(on a busy machine the wall-clock speed-up is bounded by the CPU share the run gets;"
echo " the CPU cost says what threading itself costs)"
echo "peak RSS with $threads threads: $(rss 256M) KiB for 256M, $(rss 4G) KiB for 4G"
