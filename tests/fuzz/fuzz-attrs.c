/* libFuzzer target for capability attribute sets (core/src/attrs.c):
 * desk_attrs_parse(), desk_attrs_to_string() and desk_attrs_intersect().
 *
 * Beyond "no crash, no leak, no undefined behaviour" it checks:
 *   - the canonical text is a fixed point: parse(to_string(a)) prints the
 *     same text again, so a set survives being written out and read back;
 *   - a copy prints as the original;
 *   - intersecting a set with itself gives the set back (the registry relies
 *     on intersection meaning "what both sides accept");
 *   - the intersection of the input's two halves, when there is one, prints
 *     as a set that parses again;
 *   - an error message is UTF-8 whenever the input was.
 * A broken invariant calls abort() after printing the texts involved, so
 * libFuzzer saves the input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <deskphone/registry.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void G_GNUC_NORETURN G_GNUC_PRINTF (1, 2)
broken (const char *fmt, ...)
{
  va_list ap;
  fprintf (stderr, "fuzz-attrs: invariant broken: ");
  va_start (ap, fmt);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fputc ('\n', stderr);
  abort ();
}

static void
check_error (const char *what, const GError *error, gboolean input_is_utf8)
{
  if (!error || !error->message)
    broken ("%s failed without an error", what);
  if (error->domain != DESK_REGISTRY_ERROR)
    broken ("%s failed in domain %s", what, g_quark_to_string (error->domain));
  if (input_is_utf8 && !g_utf8_validate (error->message, -1, NULL))
    broken ("%s: UTF-8 input gave an error message that is not UTF-8: %s",
            what, error->message);
}

/* Parses @text (NUL-terminated, from to_string) and prints it again. */
static char *
reprint (const char *what, const char *text)
{
  GError *error = NULL;
  DeskAttrs *again = desk_attrs_parse (text, -1, &error);
  char *s;

  if (!again)
    broken ("%s '%s' does not parse: %s", what, text, error->message);
  s = desk_attrs_to_string (again);
  desk_attrs_free (again);
  return s;
}

static void
check_set (const DeskAttrs *attrs)
{
  GError *error = NULL;
  char *text = desk_attrs_to_string (attrs);
  char *text2 = reprint ("the canonical text", text);
  DeskAttrs *copy, *self;
  char *s;

  if (strcmp (text, text2) != 0)
    broken ("canonical text is not a fixed point: '%s' prints as '%s'", text, text2);

  copy = desk_attrs_copy (attrs);
  s = desk_attrs_to_string (copy);
  if (strcmp (text, s) != 0)
    broken ("a copy of '%s' prints as '%s'", text, s);
  g_free (s);

  self = desk_attrs_intersect (attrs, copy, &error);
  if (!self)
    broken ("'%s' does not intersect with itself: %s", text, error->message);
  s = desk_attrs_to_string (self);
  if (strcmp (text, s) != 0)
    broken ("'%s' intersected with itself gives '%s'", text, s);
  g_free (s);

  desk_attrs_free (self);
  desk_attrs_free (copy);
  g_free (text2);
  g_free (text);
}

static void
check_halves (const char *buf, size_t size)
{
  size_t half = size / 2;
  GError *error = NULL;
  DeskAttrs *a = desk_attrs_parse (buf, half, NULL);
  DeskAttrs *b = desk_attrs_parse (buf + half, size - half, NULL);
  DeskAttrs *ab;

  if (a && b)
    {
      ab = desk_attrs_intersect (a, b, &error);
      if (ab)
        {
          char *text = desk_attrs_to_string (ab);
          g_free (reprint ("an intersection", text));
          g_free (text);
          desk_attrs_free (ab);
        }
      else
        check_error ("desk_attrs_intersect", error, TRUE);
      g_clear_error (&error);
    }
  desk_attrs_free (a);
  desk_attrs_free (b);
}

static GLogWriterOutput
drop_logs (GLogLevelFlags level, const GLogField *fields, gsize n_fields,
           gpointer user_data)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
    return g_log_writer_default (level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_log_set_writer_func (drop_logs, NULL, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *buf = (const char *) data;
  GError *error = NULL;
  DeskAttrs *attrs;

  /* (buf, len) with len >= 0: the parser must not look past @size. */
  attrs = desk_attrs_parse (buf, size, &error);
  if (attrs)
    {
      check_set (attrs);
      desk_attrs_free (attrs);
    }
  else
    check_error ("desk_attrs_parse", error,
                 g_utf8_validate (buf, size, NULL) && !memchr (buf, '\0', size));
  g_clear_error (&error);

  check_halves (buf, size);
  return 0;
}
