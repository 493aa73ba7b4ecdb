#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds (once, cached by its inputs) a Debian 12 root with Debian's kernel, systemd and kdump-tools, as a tarball.
#
# Usage: ovmf-tests/debian-root.sh KERNEL_DEB   (prints the cache directory on stdout)
#
# The directory holds root.tar (mmdebstrap's output: owners, modes, xattrs), vmlinuz and
# initrd.img (the root's own /boot files, for the ESP) and kver. It is keyed by this script,
# the package list and the kernel .deb's SHA-256: the same inputs reuse it, any change builds
# a new one (tmp + mv, so concurrent runs never see half a root). Package versions other than
# the kernel's are whatever the host's apt sources have when it is built.
#
# Site choices baked in (a test machine's configuration, not a change to any package):
# - initramfs-tools MODULES=list with the few modules this VM needs (virtio disk, ext4, vfat,
#   efivarfs): the kdump initrd that kdump-tools' kernel hook builds is made here, in a chroot,
#   where its default (MODULES=dep: probe the running machine) would see the build host;
# - kdump-tools enabled through its own debconf question (kdump-tools/use_kdump), its kdump
#   initrd built here and its sysctl snapshot recorded (latest_sysctls-<kver>), as the first
#   `kdump-config load` would (else that boot spends a minute in mkinitramfs under TCG);
# - no getty on the serial console, so the console carries only kernel and service output.
set -eu
KERNEL_DEB=${1:?usage: debian-root.sh KERNEL_DEB}
SUITE=bookworm
PACKAGES="systemd-sysv udev kmod initramfs-tools kdump-tools kexec-tools makedumpfile bsdextrautils attr"
MODULES="virtio_pci virtio_blk ext4 vfat nls_ascii nls_cp437 efivarfs"
CACHE=${SBKEXEC_CACHE:-${HOME:-/root}/.cache/sbkexec}

die() { echo "debian-root: error: $*" >&2; exit 1; }

[ -f "$KERNEL_DEB" ] || die "$KERNEL_DEB not found (make deps fetches it)"
[ "$(id -u)" -eq 0 ] || die "needs root (mmdebstrap in root mode, device nodes in the tarball)"
command -v mmdebstrap >/dev/null || die "mmdebstrap not installed"

key=$( { cat "$0"; echo "$SUITE $PACKAGES $MODULES"; sha256sum <"$KERNEL_DEB"; } | sha256sum | cut -c1-16)
out=$CACHE/debian-root/$key
if [ -f "$out/root.tar" ] && [ -f "$out/kver" ]; then
	echo "$out"
	exit 0
fi

mkdir -p "$CACHE/debian-root"
tmp=$(mktemp -d "$CACHE/debian-root/.tmp-$key.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
kver=$(dpkg-deb -f "$KERNEL_DEB" Package | sed 's/^linux-image-//')
echo "debian-root: building $SUITE root for $kver (mmdebstrap, cached as $out)" >&2

# The hooks run as root on the host with the chroot at "$1".
# shellcheck disable=SC2016
mmdebstrap --variant=minbase --hook-dir=/usr/share/mmdebstrap/hooks/file-mirror-automount --include="$(echo "$PACKAGES" | tr ' ' ,)" --include="$KERNEL_DEB" \
	--essential-hook='mkdir -p "$1/etc/initramfs-tools/conf.d" "$1/usr/share/initramfs-tools/modules.d"' \
	--essential-hook='echo MODULES=list >"$1/etc/initramfs-tools/conf.d/sbkexec-test"' \
	--essential-hook="printf '%s\n' $MODULES >\"\$1/usr/share/initramfs-tools/modules.d/sbkexec-test.conf\"" \
	--essential-hook='echo "kdump-tools kdump-tools/use_kdump boolean true" | chroot "$1" debconf-set-selections' \
	--customize-hook='echo sbk-debian >"$1/etc/hostname"' \
	--customize-hook='echo "LABEL=sbk-root / ext4 rw,errors=remount-ro 0 1" >"$1/etc/fstab"' \
	--customize-hook='chroot "$1" systemctl mask serial-getty@ttyS0.service getty@tty1.service >/dev/null 2>&1' \
	--customize-hook="test -e \"\$1/var/lib/kdump/initrd.img-$kver\" || chroot \"\$1\" /etc/kernel/postinst.d/kdump-tools $kver" \
	--customize-hook="cp \"\$1/etc/kdump/sysctl.conf\" \"\$1/var/lib/kdump/latest_sysctls-$kver\"" \
	--customize-hook="cp \"\$1/boot/vmlinuz-$kver\" \"$tmp/vmlinuz\"" \
	--customize-hook="cp \"\$1/boot/initrd.img-$kver\" \"$tmp/initrd.img\"" \
	"$SUITE" "$tmp/root.tar" >&2 || die "mmdebstrap failed"
echo "$kver" >"$tmp/kver"
[ -s "$tmp/vmlinuz" ] && [ -s "$tmp/initrd.img" ] || die "no kernel/initrd in the root"
chmod 755 "$tmp"
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
echo "$out"
