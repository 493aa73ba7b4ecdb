/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Purgatory entry: own GDT and stack, run the C check, then enter the new kernel with rsi = boot_params. */
#include "purgatory-abi.h"

/*
 * Entry state from the kernel's kexec_load path (arch/x86/kernel/relocate_kernel_64.S,
 * identity_mapped): 64-bit long mode, interrupts off, paging on with an identity map of RAM,
 * all general registers zeroed, rsp in the control page. The GDTR still holds the old
 * kernel's *virtual* GDT address, which the identity map does not cover, so nothing may
 * touch a segment register before we load our own GDT. Code is position-independent: every
 * address is rip-relative, and the GDT base is computed at run time.
 *
 * Linux boot protocol, 64-bit entry (Documentation/arch/x86/boot.rst): a flat 4 GiB
 * __BOOT_CS (0x10, execute/read) and __BOOT_DS (0x18, read/write) loaded in CS and DS/ES/SS,
 * interrupts disabled, %rsi = boot_params, identity map over kernel, boot_params, cmdline.
 */
	.section .text.entry, "ax"
	.code64
	.globl purgatory_start
	.type purgatory_start, @function
purgatory_start:
	cli
	cld
	leaq	gdt(%rip), %rax
	movq	%rax, gdt_desc + 2(%rip)
	lgdt	gdt_desc(%rip)
	movl	$0x18, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs
	leaq	stack_end(%rip), %rsp
	/* Reload CS with __BOOT_CS through a far return (no absolute addresses). */
	leaq	1f(%rip), %rax
	pushq	$0x10
	pushq	%rax
	lretq
1:
	/* Returns only when every region verified; on any failure it prints and halts. */
	call	purgatory_main

	leaq	purgatory_params(%rip), %rax
	movq	PURGATORY_OFF_ENTRY_RSP(%rax), %rcx
	testq	%rcx, %rcx
	jz	2f
	movq	%rcx, %rsp
2:
	movq	PURGATORY_OFF_ENTRY_RSI(%rax), %rsi
	movq	PURGATORY_OFF_ENTRY_RIP(%rax), %rcx
	pushq	%rcx
	/* The new kernel gets nothing from us but rsi (and rsp): clear the rest. */
	xorl	%eax, %eax
	xorl	%ebx, %ebx
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	xorl	%edi, %edi
	xorl	%ebp, %ebp
	xorl	%r8d, %r8d
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	xorl	%r11d, %r11d
	xorl	%r12d, %r12d
	xorl	%r13d, %r13d
	xorl	%r14d, %r14d
	xorl	%r15d, %r15d
	ret
	.size purgatory_start, . - purgatory_start

	.section .data, "aw"
	.balign 16
gdt:
	.quad	0			/* 0x00 null */
	.quad	0			/* 0x08 unused */
	.quad	0x00af9a000000ffff	/* 0x10 __BOOT_CS: 64-bit code, present, ring 0 */
	.quad	0x00cf92000000ffff	/* 0x18 __BOOT_DS: flat 4 GiB data, read/write */
gdt_end:
	.balign 16
gdt_desc:
	.word	gdt_end - gdt - 1
	.quad	0			/* base: filled at run time (position-independent) */

	.section .bss, "aw", @nobits
	.balign 16
stack:
	.skip	16384
stack_end:

	.section .note.GNU-stack, "", @progbits
