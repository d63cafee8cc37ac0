#!/usr/bin/env bash
# The whole test suite twice: on SQLite, then on a throwaway PostgreSQL 15
# (scripts/postgres-cluster.sh run: MARKETPLACE_TEST_POSTGRES_URL is set, and the harness gives
# every test its own schema in that database). Stops at the first failing run.
#
#   scripts/test.sh [swift test arguments…]     e.g. scripts/test.sh --filter OrderTests
#   TEST_BACKENDS=sqlite scripts/test.sh        only the SQLite run (what `swift test` alone does)
#   TEST_BACKENDS=postgres scripts/test.sh      only the PostgreSQL run
#
# Six tests at a time: see README, "The two commands".
set -euo pipefail
cd "$(dirname "$0")/.."

backends="${TEST_BACKENDS:-sqlite postgres}"
for backend in ${backends//,/ }; do
    case "$backend" in
        sqlite|postgres) ;;
        *) echo "scripts/test.sh: unknown backend '$backend' in TEST_BACKENDS (sqlite, postgres)" >&2; exit 2 ;;
    esac
done

for backend in ${backends//,/ }; do
    case "$backend" in
        sqlite)
            echo "=== scripts/test.sh: swift test on SQLite ==="
            env -u MARKETPLACE_TEST_POSTGRES_URL SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=6 swift test "$@"
            ;;
        postgres)
            echo "=== scripts/test.sh: swift test on PostgreSQL (throwaway cluster, MARKETPLACE_TEST_POSTGRES_URL) ==="
            scripts/postgres-cluster.sh run -- env SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=6 swift test "$@"
            ;;
    esac
done
