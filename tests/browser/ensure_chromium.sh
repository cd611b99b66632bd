#!/usr/bin/env bash
# `make test` calls this: the browser tests need Debian's Chromium (Playwright's own download does
# not work offline). Installed with apt-get when missing and we are root; otherwise say how, and the
# browser tests skip (unless REQUIRE_BROWSER=1, as in CI, where they fail instead).
set -u
CHROMIUM="${CHROMIUM_PATH:-$(command -v chromium || true)}"
if [ -n "$CHROMIUM" ] && [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "== installing chromium for the browser tests (apt-get)"
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
  if command -v chromium >/dev/null; then exit 0; fi
  echo "apt-get did not install chromium" >&2
else
  echo "Chromium not found: the browser tests will skip. Install it with 'sudo apt-get install chromium'" >&2
  echo "or set CHROMIUM_PATH to a Chromium binary." >&2
fi
# Only fatal where the browser tests must run.
[ "${REQUIRE_BROWSER:-}" = "1" ] && exit 1
exit 0
