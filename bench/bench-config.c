/* bench-config: the cost of loading a 300-line SIPDefault.cnf.
 *
 * The file is generated in memory from the schema: a comment header, blank
 * lines between groups, a description comment above most parameters, then
 * every concrete parameter name (desk_config_list_names) with a valid value:
 * the schema default where there is one, else the minimum for numbers, the
 * first choice for enums, "10.0.0.1" for hosts, a quoted phrase for strings.
 * A second variant changes every value, and the loads alternate between the
 * two so each load really changes the effective configuration.
 *
 * Rows, each run for about a second: the .cnf parser alone, parser plus
 * schema lookup and validation, desk_config_load_data without and with a bus
 * (flushed after each load), a reload of an unchanged file, a single
 * desk_config_set, and reading every value back, for scale.  Usage: bench-config [--seconds S] [--dump] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core-private.h"

#define FILE_LINES 300
#define ROW_DEADLINE_S 5.0

typedef struct {
  char *text[2]; /* the two variants */
  gsize len[2];
  guint lines;
  guint params;
} CnfFiles;

/* ---- generating the file ---- */

static char *
fit_string (const DeskConfigParam *p, const char *s)
{
  if (p->max > 0 && g_utf8_strlen (s, -1) > p->max)
    return g_utf8_substring (s, 0, p->max);
  return g_strdup (s);
}

static char *
int_value (const DeskConfigParam *p, int variant)
{
  gint64 min = p->min, max = p->max, v;
  if (p->type == DESK_CONFIG_TYPE_PORT && min == 0 && max == 0)
    min = 1, max = 65535;
  v = p->default_value ? g_ascii_strtoll (p->default_value, NULL, 10)
                       : (min || max ? min : 0);
  if (variant && (!(min || max) || v < max))
    v++;
  else if (variant)
    v--;
  return g_strdup_printf ("%" G_GINT64_FORMAT, v);
}

static char *
enum_value (const DeskConfigParam *p, int variant)
{
  g_auto (GStrv) choices = g_strsplit (p->choices ? p->choices : "", "|", -1);
  const char *base = p->default_value ? p->default_value : choices[0];
  if (!variant)
    return g_strdup (base ? base : "");
  for (int i = 0; choices[i]; i++)
    if (g_ascii_strcasecmp (choices[i], base) != 0)
      return g_strdup (choices[i]);
  return g_strdup (base ? base : "");
}

/* A valid value for @name's parameter in @variant (0 or 1), unquoted. */
static char *
make_value (const char *name, const DeskConfigParam *p, guint index, int variant)
{
  g_autofree char *s = NULL;
  switch (p->type)
    {
    case DESK_CONFIG_TYPE_INT:
    case DESK_CONFIG_TYPE_PORT:
      return int_value (p, variant);
    case DESK_CONFIG_TYPE_BOOL:
      {
        gboolean b = p->default_value && (p->default_value[0] == '1' ||
                                          !g_ascii_strcasecmp (p->default_value, "true") ||
                                          !g_ascii_strcasecmp (p->default_value, "yes") ||
                                          !g_ascii_strcasecmp (p->default_value, "on"));
        return g_strdup ((b ^ variant) ? "1" : "0");
      }
    case DESK_CONFIG_TYPE_ENUM:
      return enum_value (p, variant);
    case DESK_CONFIG_TYPE_HOST:
      if (p->default_value && !variant)
        return g_strdup (p->default_value);
      return g_strdup_printf ("10.0.%u.%d", index % 250, 1 + variant);
    case DESK_CONFIG_TYPE_STRING:
    default:
      if (p->default_value && !variant)
        return fit_string (p, p->default_value);
      s = g_strdup_printf (variant ? "Desk %u bis" : "Desk %u", index);
      return fit_string (p, s);
    }
}

/* One "name: value" line in one of the styles real files use. */
static void
append_param (GString *out, const char *name, const char *value, guint index)
{
  gboolean needs_quotes = strchr (value, ' ') || strchr (value, '#') || strchr (value, ';');
  g_autofree char *shown = needs_quotes ? g_strdup_printf ("\"%s\"", value)
                                        : g_strdup (value);
  switch (index % 4)
    {
    case 0:
      g_string_append_printf (out, "%s: %s\n", name, shown);
      break;
    case 1:
      g_string_append_printf (out, "%-28s : %s\n", name, shown);
      break;
    case 2:
      g_string_append_printf (out, "%s:%s\t; set by provisioning\n", name, shown);
      break;
    default:
      g_string_append_printf (out, "  %s : %s   # site value\n", name, shown);
      break;
    }
}

static gboolean
generate (CnfFiles *files)
{
  g_auto (GStrv) names = desk_config_list_names ();
  guint n_names = g_strv_length (names);
  guint n_params = MIN (n_names, FILE_LINES - 20);
  guint blanks = (n_params - 1) / 10;
  guint rest = FILE_LINES - n_params - blanks;
  guint comments = MIN (rest, n_params);
  guint header = rest - comments;
  gboolean ok = TRUE;

  files->params = n_params;
  for (int variant = 0; variant < 2; variant++)
    {
      GString *out = g_string_new (NULL);
      guint lines = 0;
      for (guint h = 0; h < header; h++, lines++)
        g_string_append_printf (out, h == 0 ? "# SIPDefault.cnf: settings shared by every phone\n"
                                            : "# site %u: generated for bench-config\n", h);
      for (guint i = 0; i < n_params; i++)
        {
          const DeskConfigParam *p = desk_config_schema_lookup (names[i]);
          g_autofree char *value = make_value (names[i], p, i, variant);
          g_autoptr (GError) error = NULL;

          if (!desk_config_param_validate (p, value, NULL, &error))
            {
              fprintf (stderr, "bench-config: generated an invalid value: %s\n", error->message);
              ok = FALSE;
            }
          if (i > 0 && i % 10 == 0)
            g_string_append_c (out, '\n'), lines++;
          if (i < comments)
            g_string_append_printf (out, "; %.60s\n", p->description ? p->description : names[i]), lines++;
          append_param (out, names[i], value, i);
          lines++;
        }
      files->lines = lines;
      files->len[variant] = out->len;
      files->text[variant] = g_string_free (out, FALSE);
    }
  return ok;
}

/* ---- the timed cases ---- */

typedef struct {
  CnfFiles *files;
  DeskConfig *config;
  DeskBus *bus;
  gboolean alternate;
  GStrv names; /* for the getter case */
  guint64 entries;
  guint64 changed_names;
} Case;

static void
count_entry (const char *name, const char *value, guint line, gpointer data)
{
  ((Case *) data)->entries++;
}

static void
validate_entry (const char *name, const char *value, guint line, gpointer data)
{
  Case *c = data;
  const DeskConfigParam *p = desk_config_schema_lookup (name);
  g_autofree char *canonical = NULL;
  if (p && desk_config_param_validate (p, value, &canonical, NULL))
    c->entries++;
}

static void
on_changed (const char *topic, GVariant *payload, gpointer data)
{
  Case *c = data;
  g_autoptr (GVariant) names = g_variant_lookup_value (payload, "names", G_VARIANT_TYPE_STRING_ARRAY);
  if (names)
    c->changed_names += g_variant_n_children (names);
}

typedef gboolean (*CaseFunc) (Case *c, guint i);

static gboolean
do_parse (Case *c, guint i)
{
  int v = i & 1;
  return desk_cnf_parse ("SIPDefault.cnf", c->files->text[v], c->files->len[v], count_entry, c,
                         NULL);
}

static gboolean
do_validate (Case *c, guint i)
{
  int v = i & 1;
  return desk_cnf_parse ("SIPDefault.cnf", c->files->text[v], c->files->len[v], validate_entry,
                         c, NULL);
}

static gboolean
do_load (Case *c, guint i)
{
  int v = c->alternate ? (i & 1) : 0;
  g_autoptr (GError) error = NULL;
  if (!desk_config_load_data (c->config, DESK_CONFIG_LAYER_SIPDEFAULT, "SIPDefault.cnf",
                              c->files->text[v], c->files->len[v], &error))
    {
      fprintf (stderr, "bench-config: load failed: %s\n", error->message);
      return FALSE;
    }
  if (c->bus)
    desk_bus_flush (c->bus);
  return TRUE;
}

static gboolean
do_set (Case *c, guint i)
{
  gboolean ok = desk_config_set (c->config, DESK_CONFIG_LAYER_SIPDEFAULT, "timer_t1",
                                 (i & 1) ? "600" : "500", NULL);
  if (c->bus)
    desk_bus_flush (c->bus);
  return ok;
}

static gboolean
do_get_all (Case *c, guint i)
{
  for (int n = 0; c->names[n]; n++)
    c->entries += desk_config_get_string (c->config, c->names[n]) != NULL;
  return TRUE;
}

static void
run_case (const char *label, CaseFunc func, Case *c, double seconds, gboolean per_line)
{
  gint64 start = g_get_monotonic_time (), end = start;
  gint64 target = start + (gint64) (seconds * G_USEC_PER_SEC);
  gint64 deadline = start + (gint64) (ROW_DEADLINE_S * G_USEC_PER_SEC);
  guint64 n = 0;
  double secs, us;
  g_autofree char *note = NULL;

  c->entries = c->changed_names = 0;
  do
    {
      if (!func (c, (guint) n))
        {
          fprintf (stderr, "bench-config: %s failed on iteration %" G_GUINT64_FORMAT "\n", label, n);
          break;
        }
      n++;
      end = g_get_monotonic_time ();
    }
  while (end < target && end < deadline);
  secs = (end - start) / 1e6;
  us = secs * 1e6 / MAX (n, 1);
  if (c->bus)
    note = g_strdup_printf ("%.0f names changed/op", (double) c->changed_names / MAX (n, 1));
  else if (c->entries)
    note = g_strdup_printf ("%.0f entries/op", (double) c->entries / MAX (n, 1));
  if (per_line)
    printf ("%-40s %8" G_GUINT64_FORMAT " %7.3f %10.0f %9.1f %9.3f   %s\n", label, n, secs,
            n / secs, us, us / c->files->lines, note ? note : "");
  else
    printf ("%-40s %8" G_GUINT64_FORMAT " %7.3f %10.0f %9.1f %9s   %s\n", label, n, secs,
            n / secs, us, "-", note ? note : "");
  fflush (stdout);
}

int
main (int argc, char **argv)
{
  CnfFiles files = { 0 };
  double seconds = 1.0;
  gboolean dump = FALSE;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  GMainContext *ctx;
  DeskBus *bus;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--seconds") == 0 && i + 1 < argc)
        {
          double v = g_ascii_strtod (argv[++i], NULL);
          seconds = CLAMP (v, 0.05, 2.0);
        }
      else if (strcmp (argv[i], "--dump") == 0)
        dump = TRUE;
      else
        {
          fprintf (stderr, "usage: %s [--seconds S] [--dump]\n", argv[0]);
          return 2;
        }
    }
  if (!generate (&files))
    return 1;
  if (dump)
    {
      fputs (files.text[0], stdout);
      return 0;
    }

  printf ("bench-config  %s  nproc=%u  SIPDefault.cnf: %u lines, %u parameters, %" G_GSIZE_FORMAT
          " bytes\n\n", date, g_get_num_processors (), files.lines, files.params, files.len[0]);
  printf ("%-40s %8s %7s %10s %9s %9s\n", "case", "ops", "seconds", "ops/s", "us/op", "us/line");

  ctx = g_main_context_new ();
  bus = desk_bus_new (ctx);
  {
    Case c = { .files = &files };
    run_case ("desk_cnf_parse only (parser)", do_parse, &c, seconds, TRUE);
    run_case ("parse + schema lookup + validate", do_validate, &c, seconds, TRUE);
  }
  {
    Case c = { .files = &files, .alternate = TRUE };
    c.config = desk_config_new (NULL);
    run_case ("load_data, no bus, alternating A/B", do_load, &c, seconds, TRUE);
    desk_config_free (c.config);
  }
  {
    Case c = { .files = &files, .alternate = TRUE };
    guint sub = desk_bus_subscribe (bus, "config.changed", on_changed, &c, NULL);
    c.bus = bus;
    c.config = desk_config_new (c.bus);
    run_case ("load_data + bus, alternating A/B", do_load, &c, seconds, TRUE);
    c.alternate = FALSE;
    run_case ("load_data + bus, same file (no change)", do_load, &c, seconds, TRUE);
    run_case ("desk_config_set one value + bus", do_set, &c, seconds, FALSE);
    c.bus = NULL;
    c.names = desk_config_list_names ();
    run_case ("desk_config_get_string, every name", do_get_all, &c, seconds, FALSE);
    g_strfreev (c.names);
    desk_config_free (c.config);
    desk_bus_unsubscribe (bus, sub);
  }
  desk_bus_free (bus);
  g_main_context_unref (ctx);
  g_free (files.text[0]);
  g_free (files.text[1]);
  return 0;
}
