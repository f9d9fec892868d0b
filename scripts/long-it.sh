#!/usr/bin/env bash
# The long lab integration tests the default build leaves out (tagged long-it, about 1.5 min):
# the byzantine example with its whole load on node processes (a fork lines up with real timing
# only so) and the sim-soak example on processes too. The default build runs both in the simulator.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -Plong-it -pl lab -am verify \
  -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='ExamplesIT' -Dfailsafe.failIfNoSpecifiedTests=false "$@"
