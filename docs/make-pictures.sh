#!/usr/bin/env bash
# Rewrites the layout pictures the README shows (docs/LAYOUT.png: the sample in each layout).
# Usage: bash docs/make-pictures.sh [JIANBAO]   (default build/src/jianbao)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jb="${1:-$root/build/src/jianbao}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for layout in "$root"/layouts/*.ini; do
  name="$(basename "$layout" .ini)"
  "$jb" render "$root/samples/zixi-wuzhong.md" --layout "$layout" -o "$tmp/$name.pdf"
  pdftoppm -r 60 -png -singlefile "$tmp/$name.pdf" "$root/docs/$name"
done
