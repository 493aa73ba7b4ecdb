#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Records /proc/iomem, /sys/firmware/memmap and the kdump inputs of a real QEMU+OVMF guest (provenance of tests/data/*.iomem|*.memmap).
#
# Usage: tests/data/capture-memory-map.sh NAME MEM_MIB "KERNEL CMDLINE" [extra qemu args]
# Boots build/kernel/vmlinuz (Debian's) under OVMF (Secure Boot off) with a busybox initramfs that
# prints the files between markers on the serial console, then splits the log into
# tests/data/NAME.iomem, NAME.memmap (one "start end type" line per /sys/firmware/memmap entry)
# and NAME.kdump (crash_notes, vmcoreinfo, kernel text symbols). Not run by `make check`: the
# recorded files are the test inputs, this script says where they came from.
set -eu
name=$1 mem=$2 cmdline=$3
shift 3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root/bin" "$work/root/proc" "$work/root/sys" "$work/root/dev"
cp /usr/bin/busybox "$work/root/bin/busybox"
for t in sh cat mount ls poweroff echo grep head; do ln -s busybox "$work/root/bin/$t"; done
cat >"$work/root/init" <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sys /sys
echo "@@BEGIN iomem"
cat /proc/iomem
echo "@@END iomem"
echo "@@BEGIN memmap"
i=0
while [ -d /sys/firmware/memmap/$i ]; do
	echo "$(cat /sys/firmware/memmap/$i/start) $(cat /sys/firmware/memmap/$i/end) $(cat /sys/firmware/memmap/$i/type)"
	i=$((i + 1))
done
echo "@@END memmap"
echo "@@BEGIN kdump"
echo "vmcoreinfo $(cat /sys/kernel/vmcoreinfo)"
for c in /sys/devices/system/cpu/cpu[0-9]*; do
	echo "crash_notes ${c##*/} $(cat $c/crash_notes) $(cat $c/crash_notes_size)"
done
grep -E ' (_text|_end|_stext|page_offset_base|phys_base)$' /proc/kallsyms
echo "@@END kdump"
poweroff -f
INIT
chmod +x "$work/root/init"
(cd "$work/root" && find . | cpio -o -H newc --quiet | gzip) >"$work/initrd.gz"
cp /usr/share/OVMF/OVMF_VARS_4M.fd "$work/vars.fd"
timeout 300 qemu-system-x86_64 -machine q35 -accel tcg -m "$mem" -smp 2 -nographic -net none \
	-drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd \
	-drive if=pflash,format=raw,file="$work/vars.fd" \
	-kernel build/kernel/vmlinuz -initrd "$work/initrd.gz" \
	-append "console=ttyS0 $cmdline" "$@" </dev/null | tr -d '\r' >"$work/log"
out=tests/data
[ -z "${CAPTURE_LOG:-}" ] || cp "$work/log" "$CAPTURE_LOG"
for part in iomem memmap kdump; do
	sed -n "/^@@BEGIN $part\$/,/^@@END $part\$/p" "$work/log" | sed '1d;$d' >"$out/$name.$part"
	[ -s "$out/$name.$part" ] || { echo "capture: no $part in the log" >&2; tail -20 "$work/log" >&2; exit 1; }
done
echo "capture: wrote $out/$name.iomem $out/$name.memmap $out/$name.kdump"
