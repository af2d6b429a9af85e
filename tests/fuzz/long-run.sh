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
# (the SIP and media targets live in BUILD_DIR/plugins/{sip,media}/tests/fuzz/).
set -u

if [ $# -lt 1 ]; then
  echo "usage: $0 BUILD_DIR [SECONDS] [OUT_DIR]" >&2
  exit 2
fi
build=$1 seconds=${2:-600} out=${3:-fuzz-out}
src=$(cd "$(dirname "$0")" && pwd)

sip=$src/../../plugins/sip/tests/fuzz
media=$src/../../plugins/media/tests/fuzz
# target  executable (in BUILD_DIR)  seed corpus  max_len  dictionary
targets="cnf tests/fuzz/fuzz-cnf $src/corpus/cnf 8192 $src/cnf.dict
attrs tests/fuzz/fuzz-attrs $src/corpus/attrs 4200 $src/attrs.dict
sip-msg plugins/sip/tests/fuzz/fuzz-sip-msg $sip/corpus/msg 8192 -
sip-uri plugins/sip/tests/fuzz/fuzz-sip-uri $sip/corpus/uri 2048 -
sdp plugins/sip/tests/fuzz/fuzz-sdp $sip/corpus/sdp 8192 -
media plugins/media/tests/fuzz/fuzz-media $media/corpus 4096 -"

ninja -C "$build" $(echo "$targets" | awk '{print $2}') || exit 2
mkdir -p "$out"
export G_SLICE=always-malloc
failed=""
echo "$targets" | while read -r name exe corpus max_len dict; do
  mkdir -p "$out/corpus-$name"
  echo "== fuzz-$name: ${seconds}s, output in $out" >&2
  dictarg=""
  [ "$dict" != - ] && dictarg="-dict=$dict"
  if ! "$build/$exe" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len="$max_len" \
       -error_exitcode=1 -print_final_stats=1 $dictarg \
       -artifact_prefix="$out/fuzz-$name-" \
       "$out/corpus-$name" "$corpus" >"$out/fuzz-$name.log" 2>&1; then
    echo "fuzz-$name" >> "$out/failed"
    grep -a -E -A30 '^==[0-9]+==ERROR|invariant broken' "$out/fuzz-$name.log" | head -40 >&2
  fi
  tail -n 12 "$out/fuzz-$name.log" | grep -a -E '^(#|stat::|Done)' >&2
done
[ -f "$out/failed" ] && failed=$(tr '\n' ' ' < "$out/failed") && rm -f "$out/failed"
if [ -n "$failed" ]; then
  echo "FAILED:$failed (reproducers in $out)" >&2
  exit 1
fi
echo "all targets ran ${seconds}s without a finding" >&2
