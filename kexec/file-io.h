/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kexec's names for the shared whole-file reader (verifier/file-io.h). */
#ifndef KX_FILE_IO_H
#define KX_FILE_IO_H

#include "verifier/file-io.h"

#define kx_read_file vf_read_file
#define kx_read_line vf_read_line

#endif
