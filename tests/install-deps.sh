#!/bin/bash
# Installs, from Debian 12's packages, everything gossl needs to build, test,
# document and demo itself. Does nothing when all of it is already there.
set -euo pipefail

packages=(
  build-essential meson ninja-build pkg-config
  libglib2.0-dev libssl-dev openssl
  gobject-introspection libgirepository1.0-dev gir1.2-glib-2.0
  python3 python3-gi python3-pytest python3-openssl python3-twisted
  python3-cryptography python3-flaky python3-pretend
  python3-urllib3 python3-acme python3-josepy python3-service-identity
  gjs valac
  glib-networking
  curl gnutls-bin valgrind clang libclang-rt-14-dev
  gi-docgen
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing: ${missing[*]}"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
