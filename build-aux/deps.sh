# build-aux/deps.sh: installs the Debian/Ubuntu packages Learning Rate Lab
# needs to build, run and test.  Sourced by build-aux/run and build-aux/test.
#
# SPDX-License-Identifier: GPL-3.0-or-later

LRLAB_BUILD_DEPS="gcc meson ninja-build pkg-config gettext libglib2.0-dev libjson-glib-dev zlib1g-dev \
libgtk-4-dev libadwaita-1-dev libcairo2-dev libpango1.0-dev libepoxy-dev libopenblas-dev \
desktop-file-utils appstream libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev \
gstreamer1.0-plugins-base gstreamer1.0-plugins-good"
# Animation checks read GIF and WebM back with independent decoders; the
# animation benchmark draws the same figure with matplotlib.
LRLAB_TEST_DEPS="locales xvfb xauth xdotool python3-pil python3-numpy python3-matplotlib gstreamer1.0-tools \
gstreamer1.0-plugins-base-apps"

lrlab_install_deps () {
  local missing="" pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing="$missing $pkg"
    fi
  done
  [ -z "$missing" ] && return 0

  if ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing packages:$missing" >&2
    echo "This script installs them with apt-get; on Fedora see README.md." >&2
    return 1
  fi

  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  echo "Installing:$missing"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
  # shellcheck disable=SC2086
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
}

# The suite runs the app in locales that write "0,05" (tests/meson.build)
# and .ci/run runs it all again under German: generate both once.
LRLAB_TEST_LOCALES="de_DE.UTF-8 fr_FR.UTF-8"

lrlab_generate_locales () {
  local missing="" loc
  for loc in $LRLAB_TEST_LOCALES; do
    # locale -a spells them de_DE.utf8
    if ! locale -a 2>/dev/null | grep -qix "${loc%.UTF-8}.utf8"; then
      missing="$missing $loc"
    fi
  done
  [ -z "$missing" ] && return 0
  if [ ! -f /etc/locale.gen ] || ! command -v locale-gen >/dev/null 2>&1; then
    echo "Missing locales:$missing (generate them to run every test)" >&2
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  echo "Generating locales:$missing"
  for loc in $missing; do
    if grep -q "^# *$loc UTF-8" /etc/locale.gen; then
      $sudo sed -i "s/^# *$loc UTF-8/$loc UTF-8/" /etc/locale.gen
    elif ! grep -q "^$loc UTF-8" /etc/locale.gen; then
      echo "$loc UTF-8" | $sudo tee -a /etc/locale.gen >/dev/null
    fi
  done
  $sudo locale-gen >/dev/null
}
