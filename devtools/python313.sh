#!/usr/bin/env bash
# Prints the path of a Python 3.13 interpreter, obtaining one if the machine has none.
#
# In order: a working `python3.13` on the PATH; `uv python install 3.13` (where uv may download
# Pythons); else CPython 3.13 built from the source package of Debian's trixie archive, fetched with
# `apt-get source` through the mirror this machine's apt already uses, with a private apt state
# folder (the system's sources are not changed). The build lands in a cache outside the clone, so
# later clones and CI runs on the same machine reuse it (about 5 minutes on 2 cores, once).
#
# The build needs a C compiler, make and the headers of the modules the project uses (on Debian:
# build-essential libssl-dev zlib1g-dev libbz2-dev liblzma-dev libsqlite3-dev libffi-dev), and checks
# that the result imports every one of them before it is used.
#
# Usage: devtools/python313.sh [UV]   (progress goes to stderr; the interpreter's path to stdout)
set -euo pipefail

UV=${1:-}
CACHE=${PICO_PYTHON_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pico-planner}
PREFIX=$CACHE/cpython-3.13
SUITE=trixie

is_313() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' >/dev/null 2>&1; }
# What the project needs of an interpreter it built: an install cut short fails this, not only is_313.
is_complete() {
    is_313 "$1" && "$1" -c 'import ssl, sqlite3, zlib, lzma, bz2, ctypes, zoneinfo, venv, ensurepip' >/dev/null 2>&1
}

# 1. Already on the PATH (a version manager's shim that is not switched on fails this check).
if candidate=$(command -v python3.13 2>/dev/null) && is_313 "$candidate"; then
    echo "$candidate"; exit 0
fi
# 2. Built here before.
if is_complete "$PREFIX/bin/python3.13"; then
    echo "$PREFIX/bin/python3.13"; exit 0
fi
# 3. uv's managed Pythons, where the machine may download them.
if [[ -n "$UV" && -x "$UV" ]]; then
    if UV_PYTHON_DOWNLOADS=automatic "$UV" python install 3.13 >&2 2>/dev/null; then
        found=$(UV_PYTHON_DOWNLOADS=never "$UV" python find 3.13 2>/dev/null || true)
        if [[ -n "$found" ]] && is_313 "$found"; then echo "$found"; exit 0; fi
    fi
fi
# 4. Build from Debian's source package, one build at a time: another clone's `make` waits for it
# and then uses it.
mkdir -p "$CACHE"
exec 9>"$CACHE/cpython-3.13.lock"
flock 9
if is_complete "$PREFIX/bin/python3.13"; then
    echo "$PREFIX/bin/python3.13"; exit 0
fi
for tool in cc make; do
    command -v "$tool" >/dev/null || { echo "Building Python 3.13 needs $tool (Debian: build-essential)" >&2; exit 1; }
done
rm -rf "$PREFIX"
echo "No Python 3.13 found: building CPython 3.13 from Debian $SUITE's source package into $PREFIX" >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The Debian archive among apt's sources (not debian-security, nor a third party's repository).
mirror=$(apt-get indextargets --format '$(REPO_URI)' 2>/dev/null | grep -m1 -E '/debian/?$' || true)
if [[ -z "$mirror" ]]; then
    mirror=$(grep -rhoE '^(URIs:|deb) *https?://[^ ]+' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
        | awk '{print $2}' | grep -m1 -E '/debian/?$' || true)
fi
mirror=${mirror%/}
[[ -n "$mirror" ]] || { echo "No Debian mirror is configured for apt" >&2; exit 1; }
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
mkdir -p "$work/apt/lists/partial" "$work/apt/cache/archives/partial" "$work/apt/etc/sources.list.d" \
    "$work/apt/etc/preferences.d"
echo "deb-src [signed-by=$keyring] $mirror $SUITE main" > "$work/apt/etc/sources.list"
apt_private=(
    -o "Dir::Etc::sourcelist=$work/apt/etc/sources.list"
    -o "Dir::Etc::sourceparts=$work/apt/etc/sources.list.d"
    -o "Dir::Etc::preferencesparts=$work/apt/etc/preferences.d"
    -o "Dir::State=$work/apt"
    -o "Dir::State::Lists=$work/apt/lists"
    -o "Dir::Cache=$work/apt/cache"
    -o "APT::Sandbox::User=root"
    -o "Debug::NoLocking=1"
)
apt-get "${apt_private[@]}" -qq update >&2
(cd "$work" && apt-get "${apt_private[@]}" -qq source --download-only python3.13 >&2)
orig=$(ls "$work"/python3.13_*.orig.tar.* | head -1)
mkdir "$work/src"
tar -xf "$orig" -C "$work/src" --strip-components=1
cd "$work/src"
./configure --prefix="$PREFIX" --with-ensurepip=install >"$work/configure.log" 2>&1 \
    || { tail -40 "$work/configure.log" >&2; exit 1; }
make -j"$(nproc)" >"$work/make.log" 2>&1 || { tail -60 "$work/make.log" >&2; exit 1; }
make install >"$work/install.log" 2>&1 || { tail -40 "$work/install.log" >&2; exit 1; }
is_complete "$PREFIX/bin/python3.13" || {
    echo "The built Python 3.13 lacks a module the project needs (ssl, sqlite3, zlib, lzma, bz2, ctypes):" \
        "install the headers listed at the top of $0 and run it again" >&2
    exit 1
}
echo "$PREFIX/bin/python3.13"
