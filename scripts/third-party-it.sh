#!/usr/bin/env bash
# The tests tagged third-party (about 3 min): on the Ethereum target, Hardhat killed and paused,
# anvil with its state keeping every acknowledged transfer through restarts and anvil without it
# losing them; on the docker engine, anvil's image killed and restarted (needs dockerd, as .ci/run
# starts it). The default build runs anvil's keystore and kv runs. Installs tools/ethereum from its
# lockfile, then runs them under the third-party Maven profile.
# The Lodestar network has its own script: scripts/lodestar-it.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
npm ci --prefix tools/ethereum --no-audit --no-fund --loglevel=error
mvn -B -Pthird-party -pl ethereum -am verify \
  -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='EthereumNodesIT#hardhat*+without*+with*' -Dfailsafe.failIfNoSpecifiedTests=false "$@"
mvn -B -Pthird-party -pl docker -am verify \
  -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='AnvilImageIT' -Dfailsafe.failIfNoSpecifiedTests=false "$@"
