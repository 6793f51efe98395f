// SPDX-License-Identifier: GPL-2.0
/* cli_badrel - a patch that claims another kernel release (never loaded). */
#define CLI_RELEASE "6.1.0-0-nonexistent"
#include "cli_a.c"
