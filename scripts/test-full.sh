#!/usr/bin/env bash
# The full tier (`npm run test:full`, what CI runs), in three stages:
#   1. what `npm test` runs, less the fault scenarios (test/e2e/faults-*.test.ts): stage 2 runs them;
#   2. the fault scenarios, each LABOPS_FAULT_RUNS times (default 2 here), by scripts/slow-tier.sh;
#   3. the vitest project `full` (test/full/**/*.test.ts), which exists only with LABOPS_FULL=1:
#      checks against real tools (e.g. every openstack / docker argv of a whole walk through
#      the real clients' parsers) and whole walks of the simulated lab (every slash command at
#      every stage of the guide). Under it a missing real tool fails the run, naming its package.
# Every stage runs even when an earlier one failed; a table of times and results ends the
# output, and the exit status is 1 when any stage failed.
set -u
cd "$(dirname "$0")/.."
runs="${LABOPS_FAULT_RUNS:-2}"
npm run build --silent || exit 1

status=0
rows=()
stage() {
  local name=$1
  shift
  local from=$SECONDS result=passed
  echo "── $name" >&2
  if ! "$@"; then
    result=FAILED
    status=1
  fi
  rows+=("$(printf '%-44s %6ss  %s' "$name" $((SECONDS - from)) "$result")")
}

stage "npm test (less the fault scenarios)" \
  env LABOPS_FULL=0 npx vitest run --exclude 'test/e2e/faults-*.test.ts'
stage "fault scenarios × $runs (scripts/slow-tier.sh)" \
  env LABOPS_FAULT_RUNS="$runs" bash scripts/slow-tier.sh
stage "full project (test/full, LABOPS_FULL=1)" \
  env LABOPS_FULL=1 npx vitest run --project full

printf '\n%-44s %7s  %s\n' stage time result
printf '%s\n' "${rows[@]}"
exit $status
