#!/usr/bin/env bash
# Rebuilds the tally jars of the upgrade examples from src/ against the chain-code SDK. The jars
# are committed, so the examples run on a fresh clone; run this after changing a source and commit
# the jars with the new SHA-256s in upgrade.yaml and upgrade-breaks.yaml.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/../.."
sdk="$root/chaincode-sdk/target/classes"
if [[ ! -d "$sdk" ]]; then
  (cd "$root" && mvn -B -q -pl chaincode-sdk compile)
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for v in v1 v2 v2-breaking; do
  mkdir -p "$work/$v/META-INF/services"
  javac --release 17 -cp "$sdk" -d "$work/$v" $(find "$here/src/$v" -name '*.java')
  echo com.example.tally.Tally > "$work/$v/META-INF/services/io.ledgerlab.chaincode.ChainCode"
  case "$v" in v1) jar=tally-1.jar ;; v2) jar=tally-2.jar ;; *) jar=tally-2-breaking.jar ;; esac
  # Fixed entry times, so the same sources give the same jar and the same SHA-256.
  (cd "$work/$v" && find . -exec touch -d 2026-01-01T00:00:00Z {} + \
    && rm -f "$here/$jar" && jar --create --file "$here/$jar" --date=2026-01-01T00:00:00Z \
      META-INF com)
  echo "$jar $(sha256sum "$here/$jar" | cut -d' ' -f1)"
done
