// SPDX-License-Identifier: GPL-2.0
/* cli_badbuild - right release, another build of it (never loaded). */
#define CLI_BUILD "6.1.0-0-otherbuild"
#include "cli_a.c"
