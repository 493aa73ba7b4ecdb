/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Purgatory entry: own GDT and stack, SSE on, run the C check, restore CR0/CR4, enter the new kernel with rsi = boot_params. */
#include "purgatory-abi.h"

/* Control register bits (Intel SDM vol. 3A, 2.5). */
#define CR0_MP		(1 << 1)
#define CR0_EM		(1 << 2)
#define CR0_TS		(1 << 3)
#define CR4_OSFXSR	(1 << 9)
#define CR4_OSXMMEXCPT	(1 << 10)

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
	/*
	 * SSE for the SHA-NI engine (lib/x86_64/sha256-ni.c). relocate_kernel_64.S leaves CR4 with
	 * only PAE (| LA57) and clears CR0.EM/TS/WP/AM; without CR4.OSFXSR every SSE
	 * instruction faults (#UD), and there is no IDT: a triple fault. Intel SDM vol. 3A,
	 * 13.1.3 "Initialization of the SSE extensions": CR4.OSFXSR (bit 9) and CR4.OSXMMEXCPT
	 * (bit 10) set, CR0.EM (bit 2) clear, CR0.MP (bit 1) set; TS (bit 3) clear too, or the
	 * first SSE instruction raises #NM. Every x86-64 CPU has SSE2 and FXSR, so this is
	 * unconditional; whether SHA-NI is used is CPUID's decision (lib/sha256.c). The old values
	 * stay in callee-saved r12/r13 and are put back before the new kernel runs: it finds the
	 * control registers as relocate_kernel left them.
	 */
	movq	%cr0, %r12
	movq	%r12, %rax
	andq	$~(CR0_EM | CR0_TS), %rax
	orq	$CR0_MP, %rax
	movq	%rax, %cr0
	movq	%cr4, %r13
	movq	%r13, %rax
	orq	$(CR4_OSFXSR | CR4_OSXMMEXCPT), %rax
	movq	%rax, %cr4
	/* Returns only when every region verified; on any failure it prints and halts. */
	movl	$1, %edi		/* sse_ready: SSE is enabled */
	call	purgatory_main
	movq	%r13, %cr4
	movq	%r12, %cr0

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
