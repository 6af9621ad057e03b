#!/bin/sh
# Bring the WebGL map's JavaScript (sigma.js and graphology, MIT) from the npm registry at
# the versions pinned below, with their licences, into this folder. Run it from anywhere;
# review the diff, then bump the versions here and in README.md together.
set -eu
SIGMA=3.0.3
GRAPHOLOGY=0.26.0
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "sigma@$SIGMA" "graphology@$GRAPHOLOGY" >/dev/null
tar xzf "sigma-$SIGMA.tgz" package/dist/sigma.min.js package/LICENSE.txt
cp package/dist/sigma.min.js "$here/sigma.min.js"
cp package/LICENSE.txt "$here/LICENSE-sigma.txt"
rm -rf package
tar xzf "graphology-$GRAPHOLOGY.tgz" package/dist/graphology.umd.min.js package/LICENSE.txt
cp package/dist/graphology.umd.min.js "$here/graphology.umd.min.js"
cp package/LICENSE.txt "$here/LICENSE-graphology.txt"
sha256sum "$here"/*.js | sed "s|$here/||" > "$here/SHA256SUMS"
echo "sigma $SIGMA, graphology $GRAPHOLOGY -> $here"
