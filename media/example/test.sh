#!/bin/sh
set -e
out=$(sh ./app.sh)
[ "$out" = "hello from the final stage" ] || { echo "unexpected output: $out"; exit 1; }
echo "tests passed"
