#!/usr/bin/env bash
# tools/try-fresh-debian.sh [SUITE...]: the README's promise, tried the honest way.
#
# For each Debian suite (default: bookworm trixie, i.e. Debian 12 and 13) it builds a fresh
# minimal Debian with debootstrap, copies this checkout's committed tree into it, and runs
# there, in order:
#   1. as root:            ./workbook test    (installs the packages, runs the whole suite)
#   2. as root:            ./workbook demo    (every lesson's demos)
#   3. as a new user:      ./workbook check 06 (the stubs fail; a solved ring passes) and
#                          ./workbook demo 06, in a copy the user owns (MPI without root:
#                          the way most students run it)
# and prints one line per suite and step: passed, or failed with where its log is.
# Not part of ./workbook test: each suite takes about 12 minutes on 2 cores (10 of them
# for the test suite, cold, packages installed first), the first debootstrap a few more.
#
# Needs: root, debootstrap (apt-get install debootstrap) and the Debian package mirror that
# this machine's apt uses; nothing else from the network. Work folder: $FRESH_DEBIAN_WORK
# (default /var/tmp/workbook-fresh-debian), where the logs stay; the minimal Debian of each
# suite is kept there as a tarball, so a second try starts in seconds.
set -uo pipefail

if [ "${1:-}" = --help ] || [ "${1:-}" = -h ]; then
  sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'
  exit 0
fi
[ "$(id -u)" -eq 0 ] || { echo "try-fresh-debian.sh: needs root (debootstrap and chroot)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "try-fresh-debian.sh: needs debootstrap (apt-get install debootstrap)" >&2; exit 2; }
for suite in "$@"; do
  [[ $suite =~ ^[a-z]+$ ]] || { echo "try-fresh-debian.sh: '$suite' is not a Debian suite name (bookworm, trixie...)" >&2; exit 2; }
done
[ $# -gt 0 ] || set -- bookworm trixie

project=$(cd "$(dirname "$0")/.." && pwd)
work=${FRESH_DEBIAN_WORK:-/var/tmp/workbook-fresh-debian}
mkdir -p "$work"
mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null)
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
[ -n "$mirror" ] || { echo "try-fresh-debian.sh: cannot tell which Debian mirror apt uses here" >&2; exit 2; }

root=
unmount_all() {
  [ -n "$root" ] || return 0
  # Deepest first; lazily, so that a process still holding a file cannot block it.
  findmnt -rn -o TARGET | grep -F "$root" | sort -r | while read -r mounted; do umount -l "$mounted" 2>/dev/null; done
}
trap 'unmount_all; [ -n "$root" ] && rm -rf "$root"' EXIT
trap 'exit 130' INT TERM

# Runs CMD as USER (root or the student) inside the chroot, with a clean environment as a
# fresh login would have, no terminal, CI=true only for root's steps (what CI runs).
in_chroot() {
  local user=$1 cmd=$2 home=/root extra=CI=true
  [ "$user" = root ] || { home=/home/$user; extra=; }
  chroot "$root" /usr/bin/env -i HOME="$home" PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin $extra \
    runuser -u "$user" -- /bin/bash -c "$cmd"
}

overall=0
for suite in "$@"; do
  base=$work/$suite.tgz
  root=$work/root-$suite
  unmount_all
  rm -rf "$root"
  if [ ! -f "$base" ]; then
    echo "$suite: debootstrap (once; kept in $base)"
    mkdir -p "$root"
    if ! debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$work/$suite.debootstrap.log" 2>&1; then
      echo "$suite: debootstrap failed: $work/$suite.debootstrap.log"
      overall=1
      continue
    fi
    tar -C "$root" -czf "$base.part" . && mv "$base.part" "$base"
    rm -rf "$root"
  fi
  mkdir -p "$root"
  tar -C "$root" -xzf "$base"
  printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$mirror" "$suite" >"$root/etc/apt/sources.list.d/debian.sources"
  rm -f "$root/etc/apt/sources.list"
  cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null
  # An installed system names itself in /etc/hosts (minbase does not); without it every
  # MPI start waits for a name lookup that a closed network never answers.
  printf '127.0.0.1 localhost\n127.0.1.1 %s\n' "$(hostname)" >"$root/etc/hosts"
  mount --bind "$root" "$root"   # an installed system's / is a mount point
  mount -t proc proc "$root/proc"
  mount --rbind /sys "$root/sys"
  mount --rbind /dev "$root/dev"
  mkdir -p "$root/root/workbook"
  git -C "$project" archive HEAD | tar -C "$root/root/workbook" -x
  # shellcheck source=/dev/null  # (the new system's own os-release)
  echo "$suite: $(. "$root/etc/os-release" && echo "$PRETTY_NAME"), workbook at $(git -C "$project" rev-parse --short HEAD)"

  step() {  # step NAME USER CMD
    local log=$work/$suite.$1.log started=$SECONDS
    if in_chroot "$2" "$3" >"$log" 2>&1; then
      echo "$suite: $1 passed ($((SECONDS - started)) s)"
    else
      echo "$suite: $1 FAILED ($((SECONDS - started)) s): $log"
      tail -n 5 "$log" | sed 's/^/    /'
      overall=1
    fi
  }
  step test root 'cd /root/workbook && ./workbook test'
  step demo root 'cd /root/workbook && ./workbook demo'
  in_chroot root 'useradd -m student && cp -r /root/workbook /home/student/workbook && rm -rf /home/student/workbook/build && chown -R student: /home/student/workbook' \
    >"$work/$suite.user.log" 2>&1
  # The stubs are not solved: check says so (exit 1); a solved one then passes (exit 0).
  step student-check student 'cd ~/workbook && { ./workbook check 06 >check.out 2>&1; status=$?; cat check.out; }
    [ "$status" = 1 ] && grep -q "Lesson 06: 0/3 exercises done" check.out || { echo "check 06 on the stubs: expected exit 1 and 0/3 done"; exit 1; }
    cp solutions/06_mpi/ring.cpp exercises/06_mpi/ring.cpp && ./workbook check 06 ring'
  step student-demo student 'cd ~/workbook && ./workbook demo 06'
  unmount_all
  rm -rf "$root"
done
exit $overall
