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

#include "fuzz-common.h"
#include <deskphone/registry.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_error (const char *what, const GError *error, gboolean input_is_utf8)
{
  if (!error || !error->message)
    fuzz_broken ("%s failed without an error", what);
  if (error->domain != DESK_REGISTRY_ERROR)
    fuzz_broken ("%s failed in domain %s", what, g_quark_to_string (error->domain));
  if (input_is_utf8 && !g_utf8_validate (error->message, -1, NULL))
    fuzz_broken ("%s: UTF-8 input gave an error message that is not UTF-8: %s",
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
    fuzz_broken ("%s '%s' does not parse: %s", what, text, error->message);
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
    fuzz_broken ("canonical text is not a fixed point: '%s' prints as '%s'", text, text2);

  copy = desk_attrs_copy (attrs);
  s = desk_attrs_to_string (copy);
  if (strcmp (text, s) != 0)
    fuzz_broken ("a copy of '%s' prints as '%s'", text, s);
  g_free (s);

  self = desk_attrs_intersect (attrs, copy, &error);
  if (!self)
    fuzz_broken ("'%s' does not intersect with itself: %s", text, error->message);
  s = desk_attrs_to_string (self);
  if (strcmp (text, s) != 0)
    fuzz_broken ("'%s' intersected with itself gives '%s'", text, s);
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

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_quiet_glib ();
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
