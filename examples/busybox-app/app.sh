#!/bin/sh
# Prints a greeting with its first argument (what Run Target passes), or checks itself.
if [ "$1" = "--self-test" ]; then
  out=$(sh "$0" world)
  if [ "$out" = "hello, world" ]; then echo "self-test passed"; exit 0; fi
  echo "self-test failed: got '$out'"
  exit 1
fi
echo "hello, ${1:-stagecraft}"
