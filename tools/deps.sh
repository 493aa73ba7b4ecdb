#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `make deps`: installs the Debian packages sbkexec needs (only when missing), unpacks the test kernel and Debian's shim.
#
# Idempotent and quick when everything is present: dpkg-query decides what is missing, apt-get runs
# only then. The test kernel is Debian's own signed linux-image, fetched with `apt-get download`
# into a cache outside git and unpacked with `dpkg-deb -x` (never installed on the host). Debian's
# Microsoft-signed shim is fetched the same way (installing shim-signed on the host would run its
# boot-loader hooks) for the OVMF scenarios that boot behind it.
set -eu

# One package per line; append what your part needs.
PACKAGES="
build-essential
gnu-efi
libssl-dev
libkeyutils-dev
keyutils
sbsigntool
efitools
osslsigncode
qemu-system-x86
qemu-utils
ovmf
busybox-static
cpio
mtools
dosfstools
openssl
binutils
xxd
kexec-tools
zstd
xz-utils
kmod
ima-evm-utils
e2fsprogs
makedumpfile
mmdebstrap
debhelper
lintian
rpm
softhsm2
libengine-pkcs11-openssl
p11-kit
attr
fakeroot
dpkg-dev
valgrind
strace
systemd-boot-efi
swtpm
swtpm-tools
tpm2-tools
clang
clang-tidy
cppcheck
libclang-rt-14-dev
llvm
"

CACHE=${SBKEXEC_CACHE:-${HOME:-/root}/.cache/sbkexec}
KERNEL_DIR=${KERNEL_DIR:-build/kernel}
KERNEL_META=${SBKEXEC_KERNEL_META:-linux-image-amd64}
SHIM_DIR=${SHIM_DIR:-build/shim}
# shimx64.efi.signed (Microsoft-signed), mmx64.efi/fbx64.efi (signed helpers), shimx64.efi.
SHIM_PACKAGES="shim-signed shim-unsigned shim-helpers-amd64-signed"

# apt's _apt download sandbox cannot write into root's cache; say so instead of warning each time.
APT_SANDBOX=
[ "$(id -u)" -ne 0 ] || APT_SANDBOX="-o APT::Sandbox::User=root"

say() { echo "deps: $*"; }
die() { echo "deps: error: $*" >&2; exit 1; }

as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	else
		command -v sudo >/dev/null 2>&1 || die "not root and no sudo: cannot run $*"
		sudo "$@"
	fi
}

# A package counts as present only when dpkg says "install ok installed".
missing_packages() {
	# shellcheck disable=SC2086
	installed=$(dpkg-query -W -f='${Package} ${Status}\n' $PACKAGES 2>/dev/null |
		awk '$2 == "install" && $3 == "ok" && $4 == "installed" { print $1 }')
	for p in $PACKAGES; do
		echo "$installed" | grep -qxF "$p" || echo "$p"
	done
}

install_packages() {
	missing=$(missing_packages | tr '\n' ' ')
	if [ -z "${missing% }" ]; then
		say "all $(echo $PACKAGES | wc -w) Debian packages present"
		return 0
	fi
	say "installing: $missing"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
	# shellcheck disable=SC2086
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
}

# Download one .deb into the cache unless a copy is already there; print its path.
fetch_deb() {
	pkg=$1
	deb=$(ls "$CACHE"/"${pkg}"_*.deb 2>/dev/null | head -n1 || true)
	if [ -z "$deb" ]; then
		(cd "$CACHE" && apt-get download -q $APT_SANDBOX "$pkg" >&2) || {
			# The package lists may be missing or stale on a fresh machine.
			as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
			(cd "$CACHE" && apt-get download -q $APT_SANDBOX "$pkg" >&2)
		} || die "apt-get download $pkg failed"
		deb=$(ls "$CACHE"/"${pkg}"_*.deb | head -n1)
	fi
	echo "$deb"
}

# linux-image-amd64 is a meta package: its Depends names the real linux-image-<version>-amd64.
kernel_package_of() {
	dpkg-deb -f "$1" Depends | tr ',' '\n' | sed 's/^ *//; s/ .*//' |
		grep -E '^linux-image-[0-9].*-amd64$' | head -n1
}

fetch_kernel() {
	mkdir -p "$CACHE"
	meta=$(fetch_deb "$KERNEL_META")
	kpkg=$(kernel_package_of "$meta")
	[ -n "$kpkg" ] || die "$meta: no linux-image-*-amd64 in Depends"
	version=${kpkg#linux-image-}
	tree="$CACHE/$kpkg/root"
	if [ ! -f "$tree/boot/vmlinuz-$version" ]; then
		kdeb=$(fetch_deb "$kpkg")
		say "unpacking $(basename "$kdeb") (dpkg-deb -x, not installed)"
		rm -rf "${CACHE:?}/$kpkg"
		mkdir -p "$tree"
		dpkg-deb -x "$kdeb" "$tree"
	fi
	[ -f "$tree/boot/vmlinuz-$version" ] || die "$tree: no boot/vmlinuz-$version"
	# The .deb has no modules.dep (postinst runs depmod); make it so the initramfs can resolve deps.
	if [ ! -f "$tree/lib/modules/$version/modules.dep" ]; then
		/sbin/depmod -b "$tree" "$version" || die "depmod -b $tree $version failed"
	fi

	# build/kernel points into the cache; vmlinuz stays Debian's signed image, byte for byte.
	mkdir -p "$KERNEL_DIR"
	ln -sfn "$(cd "$tree" && pwd)" "$KERNEL_DIR/root"
	if ! cmp -s "$tree/boot/vmlinuz-$version" "$KERNEL_DIR/vmlinuz" 2>/dev/null; then
		cp "$tree/boot/vmlinuz-$version" "$KERNEL_DIR/vmlinuz"
	fi
	if [ "$(cat "$KERNEL_DIR/version" 2>/dev/null || true)" != "$version" ]; then
		echo "$version" >"$KERNEL_DIR/version"
	fi
	say "test kernel $version ($KERNEL_DIR/vmlinuz, modules in $KERNEL_DIR/root/lib/modules/$version)"
}

# The shim packages, unpacked together into $CACHE/shim/<their .deb names' hash>/root (written
# to a temporary directory first and renamed, as other checkouts share the cache); SHIM_DIR/root
# points there and SHIM_DIR/version names the shim-signed package version.
fetch_shim() {
	mkdir -p "$CACHE/shim"
	debs=
	for p in $SHIM_PACKAGES; do
		debs="$debs $(fetch_deb "$p")"
	done
	key=$(for d in $debs; do basename "$d"; done | sha256sum | cut -c1-16)
	tree=$CACHE/shim/$key/root
	if [ ! -f "$tree/usr/lib/shim/shimx64.efi.signed" ]; then
		tmp=$(mktemp -d "$CACHE/shim/.unpack.XXXXXX")
		for d in $debs; do
			say "unpacking $(basename "$d") (dpkg-deb -x, not installed)"
			dpkg-deb -x "$d" "$tmp/root"
		done
		[ -f "$tmp/root/usr/lib/shim/shimx64.efi.signed" ] ||
			die "shim-signed has no usr/lib/shim/shimx64.efi.signed"
		mkdir -p "$CACHE/shim/$key.new" && mv "$tmp/root" "$CACHE/shim/$key.new/root"
		rmdir "$tmp"
		mv -T "$CACHE/shim/$key.new" "$CACHE/shim/$key" 2>/dev/null || rm -rf "$CACHE/shim/$key.new"
	fi
	mkdir -p "$SHIM_DIR"
	ln -sfn "$(cd "$tree" && pwd)" "$SHIM_DIR/root"
	version=$(dpkg-deb -f "$(echo $debs | cut -d' ' -f1)" Version)
	[ "$(cat "$SHIM_DIR/version" 2>/dev/null || true)" = "$version" ] || echo "$version" >"$SHIM_DIR/version"
	say "shim-signed $version ($SHIM_DIR/root/usr/lib/shim)"
}

install_packages
fetch_kernel
fetch_shim
