#!/usr/bin/env bash
# Builds bcryptprimitives.dll (see bcryptprimitives.c) into the directory $1.
# Needs x86_64-w64-mingw32-gcc (Debian: gcc-mingw-w64-x86-64).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: build-dll.sh OUTDIR}"
mkdir -p "$out"
x86_64-w64-mingw32-gcc -O2 -Wall -Wextra -Werror -shared -s \
  -o "$out/bcryptprimitives.dll" "$here/bcryptprimitives.c" -ladvapi32
