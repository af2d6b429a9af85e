#!/bin/sh
# The long fuzzing run: each target for SECONDS (default 600), one after the
# other, from the seed corpus plus what earlier long runs found.
#
#   tests/fuzz/long-run.sh BUILD_DIR [SECONDS] [OUT_DIR]
#
# BUILD_DIR was set up with
#   CC=clang meson setup BUILD_DIR -Dfuzzing=true -Db_lundef=false
# OUT_DIR (default ./fuzz-out) keeps, per target: crash, leak and timeout
# inputs (<target>-crash-<sha1> ...), the grown corpus (corpus-<target>/,
# reused by the next run) and the log (<target>.log).  A target stops at its
# first finding; the others still run.  The seed corpus in
# the source tree is only read.  Exits non-zero when any target failed;
# a reproducer is run again with: BUILD_DIR/tests/fuzz/fuzz-cnf FILE
set -u

if [ $# -lt 1 ]; then
  echo "usage: $0 BUILD_DIR [SECONDS] [OUT_DIR]" >&2
  exit 2
fi
build=$1 seconds=${2:-600} out=${3:-fuzz-out}
src=$(cd "$(dirname "$0")" && pwd)

ninja -C "$build" tests/fuzz/fuzz-cnf tests/fuzz/fuzz-attrs || exit 2
mkdir -p "$out"
export G_SLICE=always-malloc
failed=""
for name in cnf attrs; do
  exe=$build/tests/fuzz/fuzz-$name
  case $name in cnf) max_len=8192 ;; *) max_len=4200 ;; esac
  mkdir -p "$out/corpus-$name"
  echo "== fuzz-$name: ${seconds}s, output in $out" >&2
  if ! "$exe" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=$max_len \
       -error_exitcode=1 \
       -print_final_stats=1 -dict="$src/$name.dict" \
       -artifact_prefix="$out/fuzz-$name-" \
       "$out/corpus-$name" "$src/corpus/$name" >"$out/fuzz-$name.log" 2>&1; then
    failed="$failed fuzz-$name"
    grep -a -E -A30 '^==[0-9]+==ERROR|invariant broken' "$out/fuzz-$name.log" | head -40 >&2
  fi
  tail -n 12 "$out/fuzz-$name.log" | grep -a -E '^(#|stat::|Done)' >&2
done
if [ -n "$failed" ]; then
  echo "FAILED:$failed (reproducers in $out)" >&2
  exit 1
fi
echo "all targets ran ${seconds}s without a finding" >&2
