#!/usr/bin/env bash
# The Ethereum target's tests tagged third-party (Hardhat killed and paused; anvil without its
# state losing transfers on a restart; about 90 s), beside the anvil ones the default build runs:
# installs tools/ethereum from its lockfile, then runs them under the third-party Maven profile.
# The Lodestar network has its own script: scripts/lodestar-it.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
npm ci --prefix tools/ethereum --no-audit --no-fund --loglevel=error
mvn -B -Pthird-party -pl ethereum -am verify \
  -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='EthereumNodesIT#hardhat*+without*' -Dfailsafe.failIfNoSpecifiedTests=false "$@"
