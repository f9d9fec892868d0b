#!/usr/bin/env bash
# The soak (issue 16): 4 validators as processes under a 50 tx/s transfer load, 1,000 SIGKILLs of
# a validator drawn from a seed, each restarted 300 ms later, one every 2 s (at most one killed at
# a time; the next kill does not wait for the last node to rejoin). Then the run's checks; it fails
# unless the durability check finds every acknowledged transaction on every node. Prints
# "soak: cycle i/1000, height h, elapsed s" as it goes and a final "soak: cycles ..., duration ...,
# committed ..., lost ..." line. About 40 minutes; run it on a quiet machine, e.g. nice -n 19.
#
# Usage: scripts/soak.sh [-Dsoak.cycles=1000] [-Dsoak.seed=1] [-Dsoak.periodMillis=2000]
#                        [-Dsoak.downMillis=300] [-Dsoak.rate=50] [other Maven options]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -Psoak -pl cli -am verify \
  -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='SoakIT' -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dforbiddenapis.skip=true -Djacoco.skip=true -Dinvoker.skip=true "$@"
