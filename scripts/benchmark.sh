#!/usr/bin/env bash
# Runs a benchmark from benchmarks/ on its own site: scripts/benchmark.sh cadence [ARGS...]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

name="${1:?usage: scripts/benchmark.sh NAME [ARGS...] (NAME: $(cd "$REPO_DIR/benchmarks" && ls *_benchmark.py | sed 's/_benchmark.py//' | tr '\n' ' '))}"
shift
BENCH_SITE="${CS_BENCH_SITE:-cs-bench.localhost}"

setup_bench
ensure_site "$BENCH_SITE" customer_success
cd "$BENCH_DIR/sites"
PYTHONPATH="$REPO_DIR" exec ../env/bin/python -m "benchmarks.${name}_benchmark" "$BENCH_SITE" "$@"
