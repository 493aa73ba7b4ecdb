/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PE/COFF (PE32+) field offsets and constants, for the parser and for test generators that build or break images. */
#ifndef SB_PE_FORMAT_H
#define SB_PE_FORMAT_H

/*
 * From the Microsoft "PE Format" specification; cross-checked against the kernel's
 * crypto/asymmetric_keys/verify_pefile.c and include/linux/pe.h. Offsets are relative to the
 * start of the structure they belong to (DOS header, COFF file header, optional header,
 * section header, WIN_CERTIFICATE). lib/pe.c is the only reader of untrusted images.
 */
#define DOS_HEADER_SIZE     64
#define DOS_LFANEW          0x3c
#define PE_SIG_SIZE         4
#define COFF_SIZE           20
#define COFF_MACHINE        0
#define COFF_NSECTIONS      2
#define COFF_OPT_SIZE       16
#define COFF_CHARACTERISTICS 18
#define OPT_MAGIC           0
#define OPT_MAGIC_PE32PLUS  0x20b
#define OPT_ENTRY           16
#define OPT_IMAGE_BASE      24
#define OPT_SECTION_ALIGN   32
#define OPT_FILE_ALIGN      36
#define OPT_SIZE_OF_IMAGE   56
#define OPT_SIZE_OF_HEADERS 60
#define OPT_CHECKSUM        64
#define OPT_SUBSYSTEM       68
#define OPT_NDIRS           108
#define OPT_DATADIR         112  /* PE32+: fixed part ends here */
#define DATADIR_ENTRY_SIZE  8
#define DATADIR_MAX         16
#define DATADIR_SECURITY    4    /* IMAGE_DIRECTORY_ENTRY_SECURITY: the certificate table */
#define SECTION_HEADER_SIZE 40
#define SH_VSIZE            8
#define SH_VADDR            12
#define SH_RAW_SIZE         16
#define SH_RAW_OFFSET       20
#define SH_CHARACTERISTICS  36
#define WIN_CERT_HEADER     8    /* dwLength (u32), wRevision (u16), wCertificateType (u16) */
#define WIN_CERT_LENGTH     0
#define WIN_CERT_REVISION   4
#define WIN_CERT_TYPE       6
#define WIN_CERT_REVISION_2 0x0200
#define WIN_CERT_TYPE_PKCS_SIGNED_DATA 0x0002

#endif
