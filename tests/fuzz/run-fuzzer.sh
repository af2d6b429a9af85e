#!/bin/sh
# Runs a libFuzzer target over a seed corpus without writing into it.
#
#   run-fuzzer.sh FUZZER SEED_CORPUS ARTIFACT_DIR [libFuzzer options...]
#
# libFuzzer adds the inputs it finds to its first corpus directory, so that
# is a temporary directory, removed afterwards; SEED_CORPUS is only read.
# A crashing input is kept as ARTIFACT_DIR/<fuzzer>-crash-<sha1>.
set -eu

if [ $# -lt 3 ]; then
  echo "usage: $0 FUZZER SEED_CORPUS ARTIFACT_DIR [libFuzzer options...]" >&2
  exit 2
fi
fuzzer=$1 seeds=$2 artifacts=$3
shift 3

work=$(mktemp -d "${TMPDIR:-/tmp}/deskphone-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$artifacts"

export G_SLICE=always-malloc
# libFuzzer's default exit code for a finding, 77, means "skipped" to meson.
status=0
"$fuzzer" -artifact_prefix="$artifacts/$(basename "$fuzzer")-" \
  -error_exitcode=1 -timeout_exitcode=1 -print_final_stats=1 \
  "$@" "$work" "$seeds" || status=$?
exit $status
