#!/usr/bin/env bash
# The long lab integration tests the default build leaves out (tagged long-it, about 3 min):
# the byzantine example with its whole load on node processes (a fork lines up with real timing
# only so), the sim-soak, observers and upgrade examples on processes too. The default build runs
# each of them in the simulator (ExamplesIT, ObserversExampleTest, UpgradeExamplesTest).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -Plong-it -pl lab -am verify \
  -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='ExamplesIT,ObserversExampleIT,UpgradeExamplesIT' -Dfailsafe.failIfNoSpecifiedTests=false "$@"
