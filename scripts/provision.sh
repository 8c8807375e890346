#!/usr/bin/env bash
# What the test command needs from the machine: Debian's Chromium and a CJK font (the dashboard's browser
# tests). Installs them from Debian's packages when missing (nothing downloads a browser of its own); when it
# cannot (not root, no apt-get, or TDL_NO_INSTALL=1), says in one line the single command that does, and fails.
# TDL_CHROMIUM and TDL_FONT override where they are looked for (the test of this script uses them).
set -euo pipefail

chromium="${TDL_CHROMIUM:-/usr/bin/chromium}"
font="${TDL_FONT:-/usr/share/fonts/truetype/wqy/wqy-microhei.ttc}"

missing=()
[ -x "$chromium" ] || missing+=(chromium)
[ -e "$font" ] || missing+=(fonts-wqy-microhei)
[ ${#missing[@]} -eq 0 ] && exit 0

command="apt-get update -qq && apt-get install -y -qq ${missing[*]}"
if [ "${TDL_NO_INSTALL:-}" = "1" ] || [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "the tests need ${missing[*]} (Debian's packages): run as root: $command" >&2
  exit 1
fi
echo "installing from Debian's packages: ${missing[*]}"
(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) ||
  { echo "could not install ${missing[*]} from Debian's packages: run as root: $command" >&2; exit 1; }
