/* Text the deskphone executable prints for --config-dump and for the
 * generated configuration reference.  Both come from the one schema table. */
#include <string.h>

#include "cli.h"

int
desk_cli_print_config (DeskConfig *config, FILE *out)
{
  g_auto (GStrv) names = desk_config_list_names ();
  fprintf (out, "# deskphone effective configuration (name: value  # source)\n");
  for (int i = 0; names[i]; i++)
    {
      const DeskConfigParam *p = desk_config_schema_lookup (names[i]);
      const char *v = desk_config_get_string (config, names[i]);
      const char *src = desk_config_layer_to_string (desk_config_get_source (config, names[i]));
      if ((p->flags & DESK_CONFIG_FLAG_SECRET) && *v)
        v = "********";
      fprintf (out, "%s: \"%s\"  # %s\n", names[i], v, src);
    }
  return 0;
}

static const char *
type_name (const DeskConfigParam *p)
{
  switch (p->type)
    {
    case DESK_CONFIG_TYPE_STRING: return "string";
    case DESK_CONFIG_TYPE_INT: return "integer";
    case DESK_CONFIG_TYPE_BOOL: return "0/1";
    case DESK_CONFIG_TYPE_ENUM: return "choice";
    case DESK_CONFIG_TYPE_HOST: return "host";
    case DESK_CONFIG_TYPE_PORT: return "port";
    default: return "?";
    }
}

static char *
range_text (const DeskConfigParam *p)
{
  switch (p->type)
    {
    case DESK_CONFIG_TYPE_INT:
    case DESK_CONFIG_TYPE_PORT:
      if (p->min || p->max)
        return g_strdup_printf ("%" G_GINT64_FORMAT "..%" G_GINT64_FORMAT, p->min, p->max);
      return g_strdup (p->type == DESK_CONFIG_TYPE_PORT ? "1..65535" : "");
    case DESK_CONFIG_TYPE_ENUM:
      {
        g_auto (GStrv) c = g_strsplit (p->choices ? p->choices : "", "|", -1);
        g_autofree char *j = g_strjoinv ("`, `", c);
        return g_strdup_printf ("`%s`", j);
      }
    case DESK_CONFIG_TYPE_STRING:
      if (p->max)
        return g_strdup_printf ("at most %" G_GINT64_FORMAT " characters", p->max);
      return g_strdup ("");
    default:
      return g_strdup ("");
    }
}

/* Markdown table cells must not hold '|' or newlines. */
static char *
cell (const char *s)
{
  return g_strdelimit (g_strdup (s ? s : ""), "|\n", '/');
}

int
desk_cli_print_config_reference (FILE *out)
{
  fputs ("# deskphone configuration reference\n\n"
         "Generated from the schema in `core/src/config-schema.c` by "
         "`deskphone --config-reference`; do not edit by hand (a test checks it is current).\n\n"
         "Parameters go in `SIPDefault.cnf` (all phones) or `SIP<MAC>.cnf` (one phone), "
         "one `name: value ; comment` per line. Layers, lowest first: built-in defaults, "
         "the product profile's `[defaults]`, `SIPDefault.cnf`, `SIP<MAC>.cnf`, local changes. "
         "`N` in a name is a line number, 1 to 6. An empty value (`name: \"\"`) clears a "
         "parameter; leaving it out keeps the lower layer's value.\n\n"
         "Flags: **R** takes effect after a restart; **D** belongs in `SIP<MAC>.cnf` only; "
         "**S** secret, never printed; **X** a deskphone extension, not in the Cisco firmware.\n\n"
         "| Name | Type | Default | Allowed | Flags | Description |\n"
         "|---|---|---|---|---|---|\n", out);
  for (const DeskConfigParam *p = desk_config_schema (); p->name; p++)
    {
      g_autofree char *range = range_text (p);
      g_autofree char *desc = cell (p->description);
      g_autofree char *def = NULL;
      GString *flags = g_string_new (NULL);
      if (p->flags & DESK_CONFIG_FLAG_NEEDS_RESTART) g_string_append (flags, "R");
      if (p->flags & DESK_CONFIG_FLAG_DEVICE_ONLY) g_string_append (flags, "D");
      if (p->flags & DESK_CONFIG_FLAG_SECRET) g_string_append (flags, "S");
      if (p->flags & DESK_CONFIG_FLAG_EXTENSION) g_string_append (flags, "X");
      if (p->default_value)
        def = g_strdup_printf ("`%s`", *p->default_value ? p->default_value : "\"\"");
      else if (p->fallback)
        def = g_strdup_printf ("value of `%s`", p->fallback);
      else
        def = g_strdup ("(empty)");
      fprintf (out, "| `%s` | %s | %s | %s | %s | %s |\n", p->name, type_name (p), def,
               range, flags->str, desc);
      g_string_free (flags, TRUE);
    }
  return 0;
}
