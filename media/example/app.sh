#!/bin/sh
echo "hello from the final stage"
