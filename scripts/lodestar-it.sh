#!/usr/bin/env bash
# The beacon target on a real four-node Lodestar network (LodestarIT, about 5 minutes): installs
# Lodestar 1.5.1 into tools/lodestar from its lockfile, then runs the test under the third-party
# Maven profile. Needs root, iproute2 and iptables (each node runs in a network namespace).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v iptables >/dev/null || ! command -v ip >/dev/null; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq iproute2 iptables
fi
npm ci --prefix tools/lodestar --no-audit --no-fund --loglevel=error
mvn -B -Pthird-party -pl ethereum -am verify \
  -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=LodestarIT -Dfailsafe.failIfNoSpecifiedTests=false "$@"
