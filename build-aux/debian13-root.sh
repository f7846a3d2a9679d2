# build-aux/debian13-root.sh: the Debian 13 (trixie: GTK 4.18, libadwaita
# 1.7) root that build-aux/test-newer-gtk builds and tests in and that
# build-aux/test-flatpak turns into a stand-in Flatpak SDK.  Made once with
# mmdebstrap and kept under _debian13/ (git-ignored); made again only when
# the package list below changes.  Sourced, not run.
#
# SPDX-License-Identifier: GPL-3.0-or-later

# shellcheck source=build-aux/deps.sh
. "$(dirname "${BASH_SOURCE[0]}")/deps.sh"

LRLAB_DEBIAN13_DIR="${LRLAB_DEBIAN13_DIR:-$PWD/_debian13}"
LRLAB_DEBIAN_MIRROR="${LRLAB_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

# Build and test dependencies, plus what the Flatpak SDK needs:
# appstream-compose (check-install's compose step), appstream-util and
# librsvg2-common (flatpak-builder's compose loads the SVG icon),
# libxml2-utils (xmllint for xml-stripblanks), shared-mime-info, and the
# en_US locale that 'flatpak build' sets.
LRLAB_DEBIAN13_PKGS="$LRLAB_BUILD_DEPS $LRLAB_TEST_DEPS python3 locales \
appstream-compose appstream-util librsvg2-common libxml2-utils shared-mime-info \
dbus fonts-dejavu-core"

# lrlab_run_in_root ROOT CMD...: CMD inside ROOT with bwrap, the source tree
# at /src, its own /tmp, /proc and /dev, and no network (so its Xvfb cannot
# meet the host's displays).  Extra bwrap options in LRLAB_BWRAP_OPTS (array).
lrlab_run_in_root () {
  local root="$1"
  shift
  bwrap --bind "$root" / --dev /dev --proc /proc --tmpfs /tmp \
    --bind "$PWD" /src --chdir /src \
    --unshare-net --unshare-ipc --unshare-pid --die-with-parent \
    --clearenv --setenv PATH /usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin \
    --setenv HOME /tmp --setenv LANG C.UTF-8 \
    "${LRLAB_BWRAP_OPTS[@]}" "$@"
}

# lrlab_debian13_root: prints the root's path, making it first if needed.
lrlab_debian13_root () {
  local dir="$LRLAB_DEBIAN13_DIR" root="$LRLAB_DEBIAN13_DIR/root"
  local want
  want="$(echo "$LRLAB_DEBIAN13_PKGS" | tr ' ' '\n' | sed '/^$/d' | sort -u | tr '\n' ' ')"
  if [ -d "$root" ] && [ "$(cat "$dir/root.pkgs" 2>/dev/null)" = "$want" ]; then
    echo "$root"
    return 0
  fi
  lrlab_install_deps mmdebstrap bubblewrap >&2 || return 1
  mkdir -p "$dir"
  rm -rf "$root.new" "$root"
  echo "Making the Debian 13 root in $root (mmdebstrap, a few minutes)" >&2
  # shellcheck disable=SC2086
  mmdebstrap --variant=apt --components=main \
    --include="$(echo $want | tr ' ' ',')" \
    --customize-hook='echo "en_US.UTF-8 UTF-8" > "$1/etc/locale.gen"; echo "de_DE.UTF-8 UTF-8" >> "$1/etc/locale.gen"; chroot "$1" locale-gen >/dev/null' \
    trixie "$root.new" "$LRLAB_DEBIAN_MIRROR" >&2 || { rm -rf "$root.new"; return 1; }
  mv "$root.new" "$root"
  echo "$want" > "$dir/root.pkgs"
  echo "$root"
}
