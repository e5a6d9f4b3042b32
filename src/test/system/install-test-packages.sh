#!/usr/bin/env bash
# Installs the Debian packages the integration tests use, when they are missing:
#   chromium, chromium-driver  the real browser for LookupPageBrowserIT
#   fonts-liberation           so that its screenshots show text (Chromium only recommends it)
#   tomcat10, tomcat10-user    the real Tomcat 10.1 for TomcatDeploymentIT
#   redis-server               the real Redis for the shared budget's tests (RedisBudget*Test)
#   openssl                    makes the certificate of the Redis that speaks TLS (RedisBudgetTlsTest)
# Run by Maven after test-compile, before the unit tests: the Redis tests run in surefire.
# Needs root (or password-less sudo).
set -euo pipefail

needed=()
[ -x /usr/bin/chromium ] || needed+=(chromium)
[ -x /usr/bin/chromedriver ] || needed+=(chromium-driver)
[ -d /usr/share/fonts/truetype/liberation ] || needed+=(fonts-liberation)
[ -x /usr/share/tomcat10/bin/catalina.sh ] || needed+=(tomcat10)
[ -x /usr/bin/tomcat10-instance-create ] || needed+=(tomcat10-user)
[ -x /usr/bin/redis-server ] || needed+=(redis-server)
[ -x /usr/bin/openssl ] || needed+=(openssl)

if [ ${#needed[@]} -eq 0 ]; then
  echo "Test packages present: chromium, chromium-driver, fonts-liberation, tomcat10, tomcat10-user, redis-server, openssl"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "Missing Debian packages: ${needed[*]}" >&2
  echo "Install them as root: apt-get update && apt-get install -y ${needed[*]}" >&2
  exit 1
fi

echo "Installing Debian packages: ${needed[*]}"
export DEBIAN_FRONTEND=noninteractive
# No package may start its service while it installs: the tests run private servers on free
# ports, and a service that fails to start (say, port 6379 taken) would fail the install.
# invoke-rc.d asks policy-rc.d first; exit 101 means "do not start". One already there is kept.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee /usr/sbin/policy-rc.d >/dev/null
  "${as_root[@]}" chmod 755 /usr/sbin/policy-rc.d
  trap '"${as_root[@]}" rm -f /usr/sbin/policy-rc.d' EXIT
fi
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${needed[@]}"
# The package's own Tomcat service is not wanted: tests run private instances on free ports.
if [[ " ${needed[*]} " == *" tomcat10 "* ]] && command -v systemctl >/dev/null; then
  "${as_root[@]}" systemctl disable --now tomcat10 >/dev/null 2>&1 || true
fi
# Nor Redis's: the tests start their own redis-server on a free loopback port.
if [[ " ${needed[*]} " == *" redis-server "* ]] && command -v systemctl >/dev/null; then
  "${as_root[@]}" systemctl disable --now redis-server >/dev/null 2>&1 || true
fi
