#!/usr/bin/env bash
# sse-hub against Nchan on this machine, in one run, with the same load tool and the same scenarios, and a plain
# hand-written Vert.x SSE server (io.ssehub.bench.PlainSseServer) as the baseline, and the floor (bench/floor.c: one
# write() per delivery and nothing else):
#   1,000 subscribers on one topic at 20 and at 100 events/s, and 15,000 idle connections; then sse-hub cold: its
#   first rounds from a fresh start, and the first 1,000 /ssec calls of fresh nodes.
# Prints a table and appends one JSON line per measurement to bench/results/results-<date>.jsonl;
# bench/chart.py draws bench/results/chart.svg from it.
#
#   bash bench/run.sh              # the full run (about 7 minutes)
#   SECONDS_PER_RUN=10 IDLE=2000 bash bench/run.sh   # a quick one
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUN_SECONDS=${SECONDS_PER_RUN:-30}
# Events published before the measured window, the same for every server, so that each is measured once its JIT
# has compiled the hot paths (docs/benchmarks.md, "JVM flags and event loops").
WARMUP_SECONDS=${WARMUP_SECONDS:-20}
SUBSCRIBERS=${SUBSCRIBERS:-1000}
IDLE=${IDLE:-15000}
RATES=${RATES:-"20 100"}
HUB_PORT=${HUB_PORT:-3300}
NCHAN_PORT=${NCHAN_PORT:-3400}
PLAIN_PORT=${PLAIN_PORT:-3500}
FLOOR_PORT=${FLOOR_PORT:-3600}
# The hub's launch flags, the ones README's run command gives (DocsTest checks that they are the same): a small
# heap with the serial collector, sized for an SSE node on 2 cores, a fixed 16 MB young generation (the idle
# connections' memory, docs/benchmarks.md), and
# -XX:CompileThresholdScaling=0.02, which has the JIT compile a method after 1/50 of the usual calls, so that the
# publish path, which runs once per event, is compiled before the measured window (docs/benchmarks.md).
HUB_JAVA_OPTS=${HUB_JAVA_OPTS:-"-Xms64m -Xmx512m -Xmn16m -XX:+UseSerialGC -Xss256k -XX:CompileThresholdScaling=0.02"}

if [ ! -f /usr/lib/nginx/modules/ngx_nchan_module.so ]; then
  echo "Installing nginx and Nchan (Debian packages)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx-light libnginx-mod-nchan >/dev/null
  $SUDO systemctl stop nginx 2>/dev/null || $SUDO pkill -x nginx || true
fi
# The load tools and the baseline server are test classes (target/test-classes), not part of the product jar.
[ -f target/sse-hub.jar ] && [ -d target/test-classes/io/ssehub/bench ] || mvn -B -q -ntp package -DskipTests

ulimit -n 20000
WORK=$(mktemp -d)
cc -O2 -o "$WORK/floor" bench/floor.c
mkdir -p "$ROOT/bench/results"
OUT="$ROOT/bench/results/results-$(date -u +%Y-%m-%d).jsonl"
HUB_PID=""; NGINX_PID=""; PLAIN_PID=""; FLOOR_PID=""
cleanup() {
  [ -n "$HUB_PID" ] && kill "$HUB_PID" 2>/dev/null || true
  [ -n "$PLAIN_PID" ] && kill "$PLAIN_PID" 2>/dev/null || true
  [ -n "$FLOOR_PID" ] && kill "$FLOOR_PID" 2>/dev/null || true
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

await_port() { # await_port <port>
  for _ in $(seq 1 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "nothing listens on port $1" >&2; return 1
}

await_ready() { # await_ready <url>: the node answers 200 once it is up (after its warm-up, when it has one)
  for _ in $(seq 1 600); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.1
  done
  echo "$1 did not answer 200" >&2; return 1
}

start_hub() {
  # The hub as a plain SSE server, as Nchan is: the history and gateway roles, none of the seed demos.
  cat > "$WORK/hub.json" <<JSON
{"deploy": ["history", "gateway"],
 "gateway": {"host": "127.0.0.1", "port": $HUB_PORT, "instances": 2},
 "history": {"maxEvents": 1000, "maxAgeSeconds": 3600}}
JSON
  # shellcheck disable=SC2086
  java $HUB_JAVA_OPTS -jar target/sse-hub.jar -conf "$WORK/hub.json" > "$WORK/hub.log" 2>&1 &
  HUB_PID=$!
  await_ready "http://127.0.0.1:$HUB_PORT/ready"
  sleep 2
}

stop_hub() { kill "$HUB_PID"; wait "$HUB_PID" 2>/dev/null || true; HUB_PID=""; }

start_nchan() {
  mkdir -p "$WORK/nginx"
  sed -e "s#@DIR@#$WORK/nginx#g" -e "s#@PORT@#$NCHAN_PORT#g" bench/nchan.conf.template > "$WORK/nginx/nginx.conf"
  nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &
  NGINX_PID=$!
  await_port "$NCHAN_PORT"
  sleep 1
}

start_plain() {
  # The baseline: an SSE server written by hand with Vert.x core (io.ssehub.bench.PlainSseServer), same JVM flags.
  # shellcheck disable=SC2086
  java $HUB_JAVA_OPTS -cp target/sse-hub.jar:target/test-classes io.ssehub.bench.PlainSseServer "$PLAIN_PORT" > "$WORK/plain.log" 2>&1 &
  PLAIN_PID=$!
  await_port "$PLAIN_PORT"
  sleep 2
}

start_floor() {
  # The floor: bench/floor.c, one write() per delivery and nothing else (see its header).
  "$WORK/floor" "$FLOOR_PORT" > "$WORK/floor.log" 2>&1 &
  FLOOR_PID=$!
  await_port "$FLOOR_PORT"
}

stop_floor() { kill "$FLOOR_PID"; wait "$FLOOR_PID" 2>/dev/null || true; FLOOR_PID=""; }

stop_plain() { kill "$PLAIN_PID"; wait "$PLAIN_PID" 2>/dev/null || true; PLAIN_PID=""; }

stop_nchan() { kill "$NGINX_PID"; wait "$NGINX_PID" 2>/dev/null || true; NGINX_PID=""; sleep 1; }

nchan_pids() { echo "$NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')" | xargs | tr ' ' ','; }

load() { # load <label> <pids> <sub url> <pub url> <subscribers> <rate>
  java -Xmx1g -cp target/sse-hub.jar:target/test-classes io.ssehub.bench.SseLoad --label "$1" --pids "$2" --sub "$3" --pub "$4" \
    --subscribers "$5" --rate "$6" --seconds "$RUN_SECONDS" --warmup "$WARMUP_SECONDS" --sources 8 \
    | tee -a "$OUT"
}

echo "# $(date -u +%FT%TZ) commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; warm-up ${WARMUP_SECONDS} s; hub: java $HUB_JAVA_OPTS" | tee -a "$OUT"
for rate in $RATES; do
  start_hub
  load sse-hub "$HUB_PID" "http://127.0.0.1:$HUB_PORT/topics/bench$rate" "http://127.0.0.1:$HUB_PORT/topics/bench$rate" "$SUBSCRIBERS" "$rate"
  stop_hub
  start_nchan
  load nchan "$(nchan_pids)" "http://127.0.0.1:$NCHAN_PORT/sub/bench$rate" "http://127.0.0.1:$NCHAN_PORT/pub/bench$rate" "$SUBSCRIBERS" "$rate"
  stop_nchan
  start_plain
  load vertx-plain "$PLAIN_PID" "http://127.0.0.1:$PLAIN_PORT/sub/bench$rate" "http://127.0.0.1:$PLAIN_PORT/pub/bench$rate" "$SUBSCRIBERS" "$rate"
  stop_plain
  start_floor
  load floor "$FLOOR_PID" "http://127.0.0.1:$FLOOR_PORT/sub/bench$rate" "http://127.0.0.1:$FLOOR_PORT/pub/bench$rate" "$SUBSCRIBERS" "$rate"
  stop_floor
done
start_hub
load sse-hub "$HUB_PID" "http://127.0.0.1:$HUB_PORT/topics/idle" "http://127.0.0.1:$HUB_PORT/topics/idle" "$IDLE" 0
stop_hub
start_nchan
load nchan "$(nchan_pids)" "http://127.0.0.1:$NCHAN_PORT/sub/idle" "http://127.0.0.1:$NCHAN_PORT/pub/idle" "$IDLE" 0
stop_nchan
start_plain
load vertx-plain "$PLAIN_PID" "http://127.0.0.1:$PLAIN_PORT/sub/idle" "http://127.0.0.1:$PLAIN_PORT/pub/idle" "$IDLE" 0
stop_plain

# Cold start, with the same flags: a fresh hub measured from its first event (no warm-up) in six rounds of 10 s,
# each round's CPU per event in "round_cpu_us_per_event"; then the first 1,000 /ssec calls (250 at a time) of
# fresh default nodes (README's run command, every role), from the moment each logs that it is up.
start_hub
java -Xmx1g -cp target/sse-hub.jar:target/test-classes io.ssehub.bench.SseLoad --label sse-hub-cold --pids "$HUB_PID" \
  --sub "http://127.0.0.1:$HUB_PORT/topics/cold" --pub "http://127.0.0.1:$HUB_PORT/topics/cold" \
  --subscribers "$SUBSCRIBERS" --rate 20 --seconds 10 --rounds 6 --warmup 0 --sources 8 | tee -a "$OUT"
stop_hub
HUB_JAVA_OPTS="$HUB_JAVA_OPTS" java -cp target/sse-hub.jar:target/test-classes io.ssehub.bench.ColdStartBench 3 | tee -a "$OUT"

python3 bench/chart.py "$OUT" "$ROOT/bench/results/chart.svg"
