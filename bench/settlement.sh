#!/usr/bin/env bash
# One settlement run over 10,000 sellers and 1,000,000 ledger entries (issue #20), release build.
# Prints the seeding time, the run's time and the test process's peak RSS (VmHWM).
# Usage: bench/settlement.sh [SELLERS] [ENTRIES]     (PostgreSQL: set MARKETPLACE_TEST_POSTGRES_URL,
#        or run under scripts/postgres-cluster.sh run -- bench/settlement.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
export MARKETPLACE_BENCH_SETTLEMENT=1 BENCH_SELLERS="${1:-10000}" BENCH_ENTRIES="${2:-1000000}"
swift test -c release --filter SettlementRunBench 2>&1 | grep -E "settlement bench|✘|error" 
