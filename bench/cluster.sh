#!/usr/bin/env bash
# Three gateway JVMs of one Hazelcast cluster on this machine, holding CONNECTIONS SSE streams between them
# (45,000 by default: 15,000 each), and a broadcast every second to all of them.
#
#   bash bench/cluster.sh                                      # the full run (about 3 minutes)
#   CONNECTIONS=3000 MEASURED=10 bash bench/cluster.sh         # a quick one
#   GATEWAYS=7 CONNECTIONS=100000 PERIOD_MS=5000 WARMUP=2 MEASURED=24 bash bench/cluster.sh
#                                   # 100,000 streams on seven gateways (14,286 each: limits.maxConnections is 15,000), a broadcast every 5 s for 2 minutes
# On a machine shared with other benchmarks, run each under the same lock: flock <lock file> bash bench/cluster.sh.
#
# Nodes: a worker (conf/workers.json: the history, which gives each event its id and publishes it once to every
# interested node) and three gateways (conf/gateway.json), each started with -cluster and its own -Dhub.http.port.
# Clients: one load process per gateway (io.ssehub.bench.ClusterLoad subscribe), each from 8 source addresses of
# its own (127.0.0.2-9, 10-17, 18-25) so that no process runs out of ephemeral ports or of its 20,000 files,
# and one publisher (ClusterLoad publish) that POSTs to the first gateway once a second.
# Prints a table and appends one JSON line to bench/results/cluster-<date>.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
CONNECTIONS=${CONNECTIONS:-45000}
WARMUP=${WARMUP:-5}
MEASURED=${MEASURED:-60}
HTTP_BASE=${HTTP_BASE:-3320}          # worker on 3320, gateways on 3321-3323
HZ_PORT=${HZ_PORT:-5851}              # Hazelcast ports from here (tries 20)
GATEWAYS=${GATEWAYS:-3}
PERIOD_MS=${PERIOD_MS:-1000}          # one broadcast every PERIOD_MS milliseconds
GATEWAY_INSTANCES=${GATEWAY_INSTANCES:-2}   # event loops serving HTTP per gateway JVM
LOAD_LOOPS=${LOAD_LOOPS:-2}                 # event loops per load process
HUB_JAVA_OPTS=${HUB_JAVA_OPTS:-"-Xms64m -Xmx512m -Xmn16m -XX:+UseSerialGC -Xss256k -XX:CompileThresholdScaling=0.02"}   # README's run command's flags
LOAD_JAVA_OPTS=${LOAD_JAVA_OPTS:-"-Xms256m -Xmx768m -XX:+UseSerialGC"}

# The load tools and the baseline server are test classes (target/test-classes), not part of the product jar.
[ -f target/sse-hub.jar ] && [ -d target/test-classes/io/ssehub/bench ] || mvn -B -q -ntp package -DskipTests
ulimit -n 20000
WORK=$(mktemp -d)
mkdir -p "$ROOT/bench/results"
OUT="$ROOT/bench/results/cluster-$(date -u +%Y-%m-%d).jsonl"
CLUSTER="sse-hub-bench-$$"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

await_port() { # await_port <port>
  for _ in $(seq 1 600); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "nothing listens on port $1" >&2; return 1
}

start_node() { # start_node <name> <role file> <http port>
  # shellcheck disable=SC2086
  java $HUB_JAVA_OPTS -Dhub.cluster.name="$CLUSTER" -Dhub.cluster.port="$HZ_PORT" -Dhub.http.port="$3" \
    -jar target/sse-hub.jar -cluster -conf "$2" > "$WORK/$1.log" 2>&1 &
  PIDS+=($!)
  await_port "$3"
}

members() { # members <http port>: the member count of the node's /ready cluster check
  curl -s "http://127.0.0.1:$1/ready" | python3 -c 'import json,sys
c=[c for c in json.load(sys.stdin)["checks"] if c["id"]=="cluster"]
print(c[0].get("data",{}).get("members",0) if c else 0)' 2>/dev/null || echo 0
}

echo "Starting the worker and $GATEWAYS gateways (cluster $CLUSTER, logs in $WORK)"
(cd "$WORK" && mkdir -p conf) 
sed -e 's#"storeFile": "data/reports.mv.db"#"storeFile": "'"$WORK"'/reports.mv.db"#' conf/workers.json > "$WORK/workers.json"
start_node worker "$WORK/workers.json" "$HTTP_BASE"
python3 -c 'import json,sys; c=json.load(open("conf/gateway.json")); c["gateway"]["instances"]=int(sys.argv[1]); print(json.dumps(c))' \
  "$GATEWAY_INSTANCES" > "$WORK/gateway.json"
GATEWAY_PIDS=()
for g in $(seq 1 $GATEWAYS); do
  start_node "gateway-$g" "$WORK/gateway.json" $((HTTP_BASE + g))
  GATEWAY_PIDS+=("${PIDS[-1]}")
done
for _ in $(seq 1 100); do [ "$(members "$HTTP_BASE")" = $((GATEWAYS + 1)) ] && break; sleep 0.3; done
echo "Cluster members seen by the worker: $(members "$HTTP_BASE")"

PER_GATEWAY=$((CONNECTIONS / GATEWAYS))
EXTRA=$((CONNECTIONS % GATEWAYS))   # the first EXTRA gateways take one stream more, so that the total is CONNECTIONS
echo "Opening $CONNECTIONS streams, $PER_GATEWAY per gateway (+1 on the first $EXTRA)"
START_OPEN=$(date +%s)
for g in $(seq 1 $GATEWAYS); do
  # shellcheck disable=SC2086
  java $LOAD_JAVA_OPTS -cp target/sse-hub.jar:target/test-classes io.ssehub.bench.ClusterLoad subscribe \
    --sub "http://127.0.0.1:$((HTTP_BASE + g))/topics/bench" --subscribers $((PER_GATEWAY + (g <= EXTRA ? 1 : 0))) \
    --loops "$LOAD_LOOPS" --sources 8 --first-source $(((g - 1) * 8)) --first "$WARMUP" --count "$MEASURED" \
    --seconds-left $((MEASURED * PERIOD_MS / 1000 + 30)) \
    > "$WORK/load-$g.out" 2> "$WORK/load-$g.err" &
  PIDS+=($!)
done
for g in $(seq 1 $GATEWAYS); do
  for _ in $(seq 1 1500); do grep -q '^connected' "$WORK/load-$g.out" && break; sleep 0.2; done
  grep -q '^connected' "$WORK/load-$g.out" || { echo "load $g did not connect; see $WORK/load-$g.err" >&2; exit 1; }
done
OPEN_SECONDS=$(( $(date +%s) - START_OPEN ))
SERVER_STREAMS=0
for g in $(seq 1 $GATEWAYS); do
  n=$(curl -s "http://127.0.0.1:$((HTTP_BASE + g))/monitor" | python3 -c 'import json,sys; print(json.load(sys.stdin)["connections"])')
  SERVER_STREAMS=$((SERVER_STREAMS + n))
done
echo "All connected in ${OPEN_SECONDS}s; the gateways count $SERVER_STREAMS open streams"

cpu_seconds() { # cpu_seconds <pid>...: user + system CPU time of the processes, in seconds
  local ticks=0
  for pid in "$@"; do ticks=$((ticks + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done
  echo $((ticks / $(getconf CLK_TCK)))
}
LOAD_PIDS=("${PIDS[@]: -$GATEWAYS}")
GW_CPU0=$(cpu_seconds "${GATEWAY_PIDS[@]}"); WORKER_CPU0=$(cpu_seconds "${PIDS[0]}"); LOAD_CPU0=$(cpu_seconds "${LOAD_PIDS[@]}")
echo "Load average before broadcasting: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Broadcasting every $PERIOD_MS ms: $WARMUP warm-up events, then $MEASURED measured"
# shellcheck disable=SC2086
java $LOAD_JAVA_OPTS -cp target/sse-hub.jar:target/test-classes io.ssehub.bench.ClusterLoad publish \
  --pub "http://127.0.0.1:$((HTTP_BASE + 1))/topics/bench" --period-ms "$PERIOD_MS" --count $((WARMUP + MEASURED)) \
  > "$WORK/publish.out"
GW_CPU=$(( $(cpu_seconds "${GATEWAY_PIDS[@]}") - GW_CPU0 ))
WORKER_CPU=$(( $(cpu_seconds "${PIDS[0]}") - WORKER_CPU0 ))
LOAD_CPU=$(( $(cpu_seconds "${LOAD_PIDS[@]}") - LOAD_CPU0 ))
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
for pid in "${LOAD_PIDS[@]}"; do
  wait "$pid" || true
done
RSS_KB=$(ps -o rss= -p "$(IFS=,; echo "${GATEWAY_PIDS[*]}")" | paste -sd, -)

python3 - "$WORK" "$GATEWAYS" "$CONNECTIONS" "$MEASURED" "$OPEN_SECONDS" "$SERVER_STREAMS" "$RSS_KB" "$OUT" \
  "$GW_CPU" "$WORKER_CPU" "$LOAD_CPU" "$LOADAVG" "$GATEWAY_INSTANCES" "$LOAD_LOOPS" "$PERIOD_MS" <<'PY'
import json, sys, datetime
work, gateways, connections, measured, open_s, server_streams, rss, out, gw_cpu, worker_cpu, load_cpu, loadavg = sys.argv[1:13]
loads = [json.loads(open(f"{work}/load-{g}.out").read().splitlines()[-1]) for g in range(1, int(gateways) + 1)]
published = json.loads(open(f"{work}/publish.out").read().splitlines()[-1])
buckets = {}
for load in loads:
    for lower, count in load["histogram"]:
        buckets[lower] = buckets.get(lower, 0) + count
total = sum(buckets.values())
def pct(f):
    rank, seen = -(-f * total // 1), 0
    for lower in sorted(buckets):
        seen += buckets[lower]
        if seen >= rank:
            return (lower + 10) / 1000.0
    return -1
result = {
    "bench": "cluster", "date": datetime.datetime.utcnow().isoformat(timespec="seconds") + "Z",
    "gateways": int(gateways), "period_ms": int(sys.argv[15]), "connections": int(connections), "server_streams": int(server_streams),
    "connected_at_end": sum(l["connected_at_end"] for l in loads), "open_seconds": int(open_s),
    "broadcasts": int(measured), "publish_errors": published["publish_errors"],
    "expected": sum(l["expected"] for l in loads), "delivered": sum(l["delivered"] for l in loads),
    "lost": sum(l["lost"] for l in loads), "duplicated": sum(l["duplicated"] for l in loads),
    "p50_ms": pct(0.50), "p99_ms": pct(0.99), "p999_ms": pct(0.999), "max_ms": pct(1.0),
    "gateway_rss_mb": [round(int(k) / 1024) for k in rss.split(",") if k.strip()],
    "gateway_instances": int(sys.argv[13]), "load_loops": int(sys.argv[14]),
    "gateway_cpu_s": int(gw_cpu), "worker_cpu_s": int(worker_cpu), "load_cpu_s": int(load_cpu),
    "loadavg_at_end": loadavg,
}
print()
for key in ["gateways", "connections", "server_streams", "connected_at_end", "open_seconds", "broadcasts",
            "publish_errors", "expected", "delivered", "lost", "duplicated", "p50_ms", "p99_ms", "p999_ms", "max_ms",
            "gateway_rss_mb", "gateway_instances", "load_loops", "gateway_cpu_s", "worker_cpu_s", "load_cpu_s", "loadavg_at_end"]:
    print(f"{key:>18}  {result[key]}")
with open(out, "a") as f:
    f.write(json.dumps(result) + "\n")
PY
