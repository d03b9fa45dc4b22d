#!/usr/bin/env bash
# Installs the Debian packages that tests use as real parts (reference decoders, can-utils, Chromium,
# speech recognition and synthesis),
# when they are missing and apt is usable. Otherwise prints the one command to run; the tests
# that need a missing package then skip and say why.
set -u

missing=()
# Debian's canmatrix is the second decoder the DBC tests compare against (Debian's own python3).
/usr/bin/python3 -c 'import canmatrix' >/dev/null 2>&1 || missing+=(python3-canmatrix)
command -v candump >/dev/null 2>&1 || missing+=(can-utils)
# The end-to-end tests drive Debian's Chromium through playwright-core (no browser download).
[ -x /usr/bin/chromium ] || missing+=(chromium)
# Voice: the offline command recogniser (pocketsphinx, its US English model, its Python
# binding), and the voices and mixer the tests synthesise their speech corpus with.
/usr/bin/python3 -c 'import pocketsphinx' >/dev/null 2>&1 || missing+=(python3-pocketsphinx)
[ -d /usr/share/pocketsphinx/model/en-us ] || missing+=(pocketsphinx-en-us)
command -v pocketsphinx_continuous >/dev/null 2>&1 || missing+=(pocketsphinx)
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
command -v flite >/dev/null 2>&1 || missing+=(flite)
command -v sox >/dev/null 2>&1 || missing+=(sox)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null; then
    exit 0
  fi
  echo "system-deps: apt-get could not install ${missing[*]}; the tests that need them will skip."
else
  echo "system-deps: missing ${missing[*]}. Install them with:"
  echo "  sudo apt-get install -y ${missing[*]}"
  echo "The tests that need them will skip until then."
fi
exit 0
