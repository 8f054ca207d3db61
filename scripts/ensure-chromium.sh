#!/bin/sh
# Makes sure Debian's Chromium (and a CJK font, so Chinese chart labels render) is installed
# for the headless-browser report test. Does nothing when /usr/bin/chromium exists; installs
# with apt-get when running as root; otherwise says what to run and fails.
set -eu

executable=/usr/bin/chromium
if [ -x "$executable" ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "ensure-chromium: the browser tests need Chromium at $executable, which this user cannot install: ask an administrator to run sudo apt-get install -y chromium fonts-noto-cjk (Debian or Ubuntu)." >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $executable is missing and apt-get is not available; install Chromium so that $executable exists." >&2
  exit 1
fi
echo "ensure-chromium: installing Debian's chromium and fonts-noto-cjk with apt-get (once per machine)..." >&2
log=$(mktemp)
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk; } >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  rm -f "$log"
  echo "ensure-chromium: apt-get could not install chromium (output above)." >&2
  exit 1
fi
rm -f "$log"
if [ ! -x "$executable" ]; then
  echo "ensure-chromium: apt-get finished but $executable is still missing." >&2
  exit 1
fi
echo "ensure-chromium: installed $($executable --version 2>/dev/null || echo chromium)." >&2
