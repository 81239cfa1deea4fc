#!/usr/bin/env bash
# Lints the package as it will be published: publint (strict) and "Are the types wrong?" on the
# packed tarball. Needs a build (npm run build) first.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/index.js ] || npm run build
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tarball=$(npm pack --silent --pack-destination "$tmp" 2>/dev/null | tail -n 1)
npx --no-install publint run "$tmp/$tarball" --strict
npx --no-install attw "$tmp/$tarball" --profile node16
