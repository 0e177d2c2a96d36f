#!/usr/bin/env bash
# The slow tier: runs every fault scenario (test/e2e/faults-*.test.ts) LABOPS_FAULT_RUNS times
# (default 20) and prints a table: kind × runs × outcome, with the time each kind took.
# Exit status 1 when any run failed. `npm run test:full` runs it with 2 runs (scripts/test-full.sh).
# The scenarios: faults-runner (runner SIGKILL), faults-redis (Redis restart, runner + client),
# faults-redis-bot (Redis restart with the bot), faults-discord-bursts (429/5xx bursts),
# faults-lab-lock (lab lock in Discord, holder SIGKILL'd), faults-final-post (bot killed
# around the final post). LABOPS_FAULT_FILES="test/e2e/faults-a.test.ts …" runs only those.
set -u
runs="${LABOPS_FAULT_RUNS:-20}"
cd "$(dirname "$0")/.."
declare -A pass fail secs
kinds=()
files="${LABOPS_FAULT_FILES:-$(echo test/e2e/faults-*.test.ts)}"
for file in $files; do
  kind="$(basename "$file" .test.ts)"
  kinds+=("$kind")
  pass[$kind]=0
  fail[$kind]=0
  from=$SECONDS
  for ((i = 1; i <= runs; i++)); do
    if npx vitest run --project e2e "$file" >"/tmp/labops-slow-$kind-$i.log" 2>&1; then
      pass[$kind]=$((pass[$kind] + 1))
      rm -f "/tmp/labops-slow-$kind-$i.log"
    else
      fail[$kind]=$((fail[$kind] + 1))
      echo "✗ $kind run $i failed: see /tmp/labops-slow-$kind-$i.log" >&2
    fi
  done
  secs[$kind]=$((SECONDS - from))
done
printf '\n%-22s %6s %6s %6s %8s\n' kind runs passed failed seconds
status=0
for kind in "${kinds[@]}"; do
  printf '%-22s %6s %6s %6s %8s\n' "$kind" "$runs" "${pass[$kind]}" "${fail[$kind]}" "${secs[$kind]}"
  [ "${fail[$kind]}" -eq 0 ] || status=1
done
exit $status
