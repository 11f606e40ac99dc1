#!/usr/bin/env bash
# Runs every test of sse-hub on a fresh machine: installs what the tests need (Debian packages,
# when missing), then `mvn verify` (unit tests with Surefire, then the tests that start the fat jar
# as separate JVMs with Failsafe). The tests start and stop their own servers.
set -euo pipefail
cd "$(dirname "$0")/.."

need_packages=()
need() { # need <command> <debian package>
  command -v "$1" >/dev/null 2>&1 || need_packages+=("$2")
}
need java openjdk-17-jdk-headless
need mvn maven
need python3 python3
# Kafka needs no package: the tests start Apache Kafka's own broker (kafka_2.13, test scope, from Maven Central).
need redis-server redis-server      # report store tests start a real redis-server
need curl curl                      # the dashboard test runs the seed's update_report_status.sh
need docker-compose docker-compose   # the compose file test checks docker/compose.yml's syntax (no engine needed)
need chromium chromium              # the dashboard and front-page tests drive a headless Chromium ...
need chromedriver chromium-driver   # ... through Debian's chromedriver (no driver download)
need npm npm                        # the front page's accessibility test loads axe-core from npm

if [ ${#need_packages[@]} -gt 0 ]; then
  echo "Installing: ${need_packages[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_packages[@]}"
fi

# axe-core, pinned by src/test/js/package-lock.json, for web/AccessibilityTest
if [ ! -d src/test/js/node_modules ]; then
  (cd src/test/js && npm ci --no-audit --no-fund)
fi

exec mvn -B -ntp verify "$@"
