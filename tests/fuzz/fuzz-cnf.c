/* libFuzzer target for the .cnf parser (core/src/config-parse.c) and the
 * store's whole-file loading (desk_config_load_data).
 *
 * Beyond "no crash, no leak, no undefined behaviour" it checks what callers
 * rely on:
 *   - each entry desk_cnf_parse() hands out has a non-empty [a-z0-9_] name,
 *     a UTF-8 value without '\n', and a line number within the input;
 *   - a buffer desk_cnf_parse() rejects is rejected by the store too;
 *   - a rejected load leaves every effective value as it was (config.h: "a
 *     file is loaded whole or not at all");
 *   - error messages are UTF-8 (they reach logs, the bus and the screen).
 * A broken invariant calls abort() after printing what broke, so libFuzzer
 * saves the input.
 *
 * The store is created once: a fresh store per input would spend the run
 * building hash tables instead of parsing.  Inputs load into the device
 * layer over a fixed SIPDefault layer, so a rejected input has non-default
 * values to disturb. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <deskphone/config.h>

#include "fuzz-common.h"
#include "core-private.h"

#define ORIGIN "fuzz.cnf"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Set by the base layer, by fallbacks, or left at the schema default. */
static const char *const watched[] = {
  "proxy1_address", "proxy1_port", "timer_t1", "preferred_codec",
  "line1_name", "line1_shortname", "line2_authname", "phone_password",
  "sip_retx", "tos_media",
};
#define N_WATCHED G_N_ELEMENTS (watched)

static const char base_layer[] =
  "proxy1_address: 10.0.0.1\n"
  "proxy1_port: 5062\n"
  "timer_t1: 600\n"
  "preferred_codec: g711alaw\n"
  "line1_name: 1001\n"
  "line1_authname: alice\n"
  "phone_password: \"good pw\"\n"
  "sip_retx: 9\n";

static DeskConfig *config;

static void G_GNUC_NORETURN G_GNUC_PRINTF (3, 4)
broken (const uint8_t *data, size_t size, const char *fmt, ...)
{
  va_list ap;
  fprintf (stderr, "fuzz-cnf: invariant broken: ");
  va_start (ap, fmt);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fprintf (stderr, " (input of %zu bytes)\n", size);
  abort ();
}

typedef struct {
  const uint8_t *data;
  size_t size;
  guint max_line;  /* newlines in the input + 1 */
  guint last_line;
} Check;

static gboolean
valid_name (const char *name)
{
  if (!*name)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
      return FALSE;
  return TRUE;
}

static void
check_entry (const char *name, const char *value, guint line, gpointer user_data)
{
  Check *c = user_data;

  if (!name || !valid_name (name))
    broken (c->data, c->size, "line %u: entry name '%s' is not [a-z0-9_]+", line,
            name ? name : "(null)");
  if (!value)
    broken (c->data, c->size, "line %u: %s has a NULL value", line, name);
  if (!g_utf8_validate (value, -1, NULL))
    broken (c->data, c->size, "line %u: the value of %s is not UTF-8", line, name);
  if (strchr (value, '\n'))
    broken (c->data, c->size, "line %u: the value of %s holds a newline", line, name);
  if (line < 1 || line > c->max_line || line <= c->last_line)
    broken (c->data, c->size, "entry %s has line %u (previous %u, input has %u)",
            name, line, c->last_line, c->max_line);
  c->last_line = line;
}

static void
check_message (const uint8_t *data, size_t size, const char *what,
               const GError *error)
{
  if (!error || !error->message)
    broken (data, size, "%s failed without an error", what);
  if (error->domain != DESK_CONFIG_ERROR)
    broken (data, size, "%s failed in domain %s", what,
            g_quark_to_string (error->domain));
  if (!g_utf8_validate (error->message, -1, NULL))
    broken (data, size, "%s: the error message is not UTF-8: %s", what,
            error->message);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  GError *error = NULL;

  fuzz_quiet_glib ();
  config = desk_config_new (NULL);
  if (!desk_config_load_data (config, DESK_CONFIG_LAYER_SIPDEFAULT, "base.cnf",
                              base_layer, strlen (base_layer), &error))
    {
      fprintf (stderr, "fuzz-cnf: the base layer does not load: %s\n",
               error->message);
      abort ();
    }
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *buf = (const char *) data;
  Check check = { data, size, 1, 0 };
  char *before[N_WATCHED];
  GError *error = NULL;
  gboolean parsed, loaded;

  for (size_t i = 0; i < size; i++)
    if (data[i] == '\n')
      check.max_line++;

  parsed = desk_cnf_parse (ORIGIN, buf, size, check_entry, &check, &error);
  if (!parsed)
    check_message (data, size, "desk_cnf_parse", error);
  g_clear_error (&error);

  for (size_t i = 0; i < N_WATCHED; i++)
    before[i] = g_strdup (desk_config_get_string (config, watched[i]));

  loaded = desk_config_load_data (config, DESK_CONFIG_LAYER_DEVICE, ORIGIN, buf,
                                  size, &error);
  if (loaded && !parsed)
    broken (data, size, "the store loaded a buffer the parser rejects");
  if (!loaded)
    {
      check_message (data, size, "desk_config_load_data", error);
      for (size_t i = 0; i < N_WATCHED; i++)
        {
          const char *after = desk_config_get_string (config, watched[i]);
          if (g_strcmp0 (before[i], after) != 0)
            broken (data, size, "a rejected load changed %s from '%s' to '%s'",
                    watched[i], before[i], after);
        }
    }
  g_clear_error (&error);
  for (size_t i = 0; i < N_WATCHED; i++)
    g_free (before[i]);
  return 0;
}
