#!/usr/bin/env bash
# The plugin SDK works out of tree: install deskphone into a temporary
# prefix, build docs/examples/example-lamps with nothing but the installed
# headers and `pkg-config deskphone-plugin`, load it into the phone, and
# check that it ran (it writes lamp states to its device file).
set -euo pipefail
build=${DESKPHONE_BUILD_ROOT:?run through meson test}
src=${DESKPHONE_SOURCE_ROOT:?}
exe=${DESKPHONE_EXE:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

meson install -C "$build" --destdir "$tmp/dest" --no-rebuild --quiet >/dev/null
pc=$(find "$tmp/dest" -name deskphone-plugin.pc | head -1)
[ -n "$pc" ] || { echo "FAIL: deskphone-plugin.pc was not installed"; exit 1; }
# The staged install lives under $tmp/dest: point a copy of the .pc file
# there (only ours; glib's must keep its own prefix).
prefix=$(sed -n 's/^prefix=//p' "$pc")
mkdir "$tmp/pc"
sed "s|^prefix=.*|prefix=$tmp/dest$prefix|" "$pc" > "$tmp/pc/deskphone-plugin.pc"
export PKG_CONFIG_PATH="$tmp/pc"
pkg-config --exists deskphone-plugin

# Only the installed SDK: no -I into the source tree.
mkdir "$tmp/ext"
cp "$src/docs/examples/example-lamps/lamps.c" "$src/docs/examples/example-lamps/my-product.conf" "$tmp/ext/"
cd "$tmp/ext"
${CC:-cc} -Wall -Wextra -Werror -shared -fPIC -o dp_example_lamps.so lamps.c \
  $(pkg-config --cflags --libs deskphone-plugin)

# The loader sees it and places it in the graph.
"$exe" --profile my-product.conf --plugin-path "$tmp/ext" --state-dir "$tmp/state" \
  --list-plugins > list.txt
grep -q "example-lamps 1.0.0 (hal)" list.txt || { echo "FAIL: not in --list-plugins:"; cat list.txt; exit 1; }
grep -q "output:lamps v1" list.txt || { echo "FAIL: capability not listed"; cat list.txt; exit 1; }

# It runs: start sets every lamp off, stop does it again.
export EXAMPLE_LAMPS_DEVICE="$tmp/leds.txt"
"$exe" --profile my-product.conf --plugin-path "$tmp/ext" --state-dir "$tmp/state" \
  --trace-bus > out.txt 2> err.txt < /dev/null &
pid=$!
for _ in $(seq 200); do grep -q "bus: core.started" err.txt && break; sleep 0.05; done
grep -q "example lamps ready on 7 lamps" err.txt || { echo "FAIL: plugin did not start:"; cat err.txt; kill $pid; exit 1; }
kill -TERM $pid
status=0; wait $pid || status=$?
[ $status -eq 0 ] || { echo "FAIL: deskphone exited $status"; cat err.txt; exit 1; }
[ "$(grep -c '^line1 off$' "$tmp/leds.txt")" -eq 2 ] || { echo "FAIL: lamp device:"; cat "$tmp/leds.txt"; exit 1; }

# A device it cannot open is a clear start-up error naming it.
EXAMPLE_LAMPS_DEVICE=/nonexistent/dir/leds "$exe" --profile my-product.conf \
  --plugin-path "$tmp/ext" --state-dir "$tmp/state" > /dev/null 2> err2.txt < /dev/null && status=0 || status=$?
[ $status -eq 2 ] || { echo "FAIL: expected exit 2, got $status"; cat err2.txt; exit 1; }
grep -q "cannot open lamp device /nonexistent/dir/leds" err2.txt || { echo "FAIL: message:"; cat err2.txt; exit 1; }
echo "ok: out-of-tree plugin built with pkg-config deskphone-plugin and loaded"
