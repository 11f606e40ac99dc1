#!/usr/bin/env bash
# The cold start's levers beside the node's own warm-up, each on a fresh hub (the history and gateway roles, as in
# bench/run.sh, with README's flags): its first six rounds of 10 s at 20 events/s to 1,000 subscribers from the
# moment /ready answers, and the first round's CPU per event against the mean of the five after it.
#   java17          README's run command as it is
#   java17-cds      the same with a class-data sharing archive (-XX:SharedArchiveFile) written by a run of its own
#   java25          a JDK of 24 or later (the newest under /usr/lib/jvm; JAVA25=<java> to choose) with the same flags
#   java25-aot      the same with an AOT cache (-XX:AOTCache, JEP 483 and 515) written by a training run under this
#                   very load (-XX:AOTCacheOutput): the cache holds the training's loaded classes and method profiles
#   java25-aot-warm the same with a cache trained on the node's warm-up alone (start, /ready, stop), as an image
#                   build could make one without a load
# Each trained configuration's training run is measured too (label ...-training). Appends one JSON line per run to
# bench/results/cold-levers-<date>.jsonl and prints a table. About 25 minutes with REPEAT=2.
#
#   bash bench/cold-levers.sh
#   REPEAT=1 bash bench/cold-levers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
REPEAT=${REPEAT:-2}
HUB_PORT=${HUB_PORT:-3300}
HUB_JAVA_OPTS=${HUB_JAVA_OPTS:-"-Xms64m -Xmx512m -Xmn16m -XX:+UseSerialGC -Xss256k -XX:CompileThresholdScaling=0.02"}

newest_jdk() { # the java of the newest JDK of 24 or later under /usr/lib/jvm, or nothing
  for release in /usr/lib/jvm/*/release; do
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
    [ -n "$version" ] && [ "$version" -ge 24 ] && [ -x "$(dirname "$release")/bin/java" ] \
      && echo "$version $(dirname "$release")/bin/java"
  done | sort -n | tail -1 | cut -d' ' -f2
}
JAVA25=${JAVA25:-$(newest_jdk)}
[ -f target/sse-hub.jar ] && [ -d target/test-classes/io/ssehub/bench ] || mvn -B -q -ntp package -DskipTests

ulimit -n 20000
WORK=$(mktemp -d)
mkdir -p "$ROOT/bench/results"
OUT="$ROOT/bench/results/cold-levers-$(date -u +%Y-%m-%d).jsonl"
HUB_PID=""
cleanup() { [ -n "$HUB_PID" ] && kill "$HUB_PID" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
cat > "$WORK/hub.json" <<JSON
{"deploy": ["history", "gateway"],
 "gateway": {"host": "127.0.0.1", "port": $HUB_PORT, "instances": 2},
 "history": {"maxEvents": 1000, "maxAgeSeconds": 3600}}
JSON

start_hub() { # start_hub <java> <extra flags...>
  local java=$1; shift
  # shellcheck disable=SC2086
  "$java" $HUB_JAVA_OPTS "$@" -jar target/sse-hub.jar -conf "$WORK/hub.json" > "$WORK/hub.log" 2>&1 &
  HUB_PID=$!
  for _ in $(seq 1 900); do
    curl -sf -o /dev/null "http://127.0.0.1:$HUB_PORT/ready" && break
    sleep 0.1
  done
  curl -sf -o /dev/null "http://127.0.0.1:$HUB_PORT/ready" || { echo "the hub did not get ready" >&2; cat "$WORK/hub.log" >&2; exit 1; }
  sleep 2
}

# The JVM writes a CDS archive or an AOT cache as it exits; the wait covers that.
stop_hub() { kill "$HUB_PID"; wait "$HUB_PID" 2>/dev/null || true; HUB_PID=""; }

rounds() { # rounds <label>: six rounds of 10 s from the hub's first event
  java -Xmx1g -cp target/sse-hub.jar:target/test-classes io.ssehub.bench.SseLoad --label "$1" --pids "$HUB_PID" \
    --sub "http://127.0.0.1:$HUB_PORT/topics/cold" --pub "http://127.0.0.1:$HUB_PORT/topics/cold" \
    --subscribers 1000 --rate 20 --seconds 10 --rounds 6 --warmup 0 --sources 8 | tee -a "$OUT"
}

measure() { # measure <label> <java> <extra flags...>
  local label=$1; shift
  start_hub "$@"
  rounds "$label"
  stop_hub
}

echo "# $(date -u +%FT%TZ) commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), cold-levers, $(nproc) cores; hub: java $HUB_JAVA_OPTS; java25: ${JAVA25:-none} ($("${JAVA25:-true}" -version 2>&1 | head -1))" | tee -a "$OUT"

# The archive and the caches, each written by a run of its own.
start_hub java "-XX:ArchiveClassesAtExit=$WORK/hub.jsa"
rounds java17-cds-training
stop_hub
if [ -n "$JAVA25" ]; then
  start_hub "$JAVA25" "-XX:AOTCacheOutput=$WORK/hub.aot"
  rounds java25-aot-training
  stop_hub
  start_hub "$JAVA25" "-XX:AOTCacheOutput=$WORK/hub-warm.aot"
  stop_hub
fi

for _ in $(seq 1 "$REPEAT"); do
  measure java17 java
  measure java17-cds java "-XX:SharedArchiveFile=$WORK/hub.jsa"
  if [ -n "$JAVA25" ]; then
    measure java25 "$JAVA25"
    measure java25-aot "$JAVA25" "-XX:AOTCache=$WORK/hub.aot"
    measure java25-aot-warm "$JAVA25" "-XX:AOTCache=$WORK/hub-warm.aot"
  fi
done

python3 - "$OUT" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
start = max(i for i, line in enumerate(lines) if line.startswith('#'))
print(f"{'configuration':22} {'first round':>12} {'rounds 2-6':>11} {'ratio':>6}  lost/dup")
for line in lines[start + 1:]:
    run = json.loads(line)
    first, *later = run['round_cpu_us_per_event']
    steady = sum(later) / len(later)
    print(f"{run['label']:22} {first:9.2f} us {steady:8.2f} us {first / steady:6.2f}  {run['lost']}/{run['duplicated']}")
PY
