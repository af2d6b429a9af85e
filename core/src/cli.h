/* Output of the deskphone executable's informational options. */
#pragma once

#include <stdio.h>

#include "core-private.h"

/* --config-dump: effective values in .cnf syntax, with their source. */
int desk_cli_print_config (DeskConfig *config, FILE *out);
/* --config-reference: docs/config-reference.md, generated from the schema. */
int desk_cli_print_config_reference (FILE *out);
