/* Parser for the Cisco SIP phone configuration-file syntax (SIPDefault.cnf,
 * SIP<MAC>.cnf): one "name : value ; comment" per line.
 *
 * Rules (spec P-25..P-31): whitespace anywhere around name and value; values
 * with whitespace are quoted with matching ' or " (typographic double quotes
 * from word processors are accepted too); ';' or '#' start a comment after
 * the value; whole-line comments and blank lines; LF or CRLF; names are
 * case-insensitive.  Unquoted values may hold inner spaces ("P0S3 xxyy" in
 * the guide's own example), trimmed at both ends.
 *
 * Cisco's own sample file has a quote that is never closed and comments
 * wrapped onto lines without '#' (spec M-22).  Such lines cannot be meant
 * otherwise, so they are read leniently with a warning naming the line: the
 * value runs to the end of the line, and a line without ':' is ignored.
 * Everything else that is not "name: value" rejects the file.
 *
 * The parser works on (buf, len), never reads past len, and rejects binary
 * input, over-long lines and over-large files with the line number. */
#include <string.h>

#include "core-private.h"

#define LQUOTE "\xe2\x80\x9c" /* U+201C */
#define RQUOTE "\xe2\x80\x9d" /* U+201D */

static gboolean
fail (GError **error, int code, const char *origin, guint line,
      const char *fmt, ...) G_GNUC_PRINTF (5, 6);

static gboolean
fail (GError **error, int code, const char *origin, guint line,
      const char *fmt, ...)
{
  va_list ap;
  g_autofree char *msg = NULL;
  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (error, DESK_CONFIG_ERROR, code, "%s:%u: %s", origin, line, msg);
  return FALSE;
}

typedef struct {
  const char *origin;
  guint line;
  const char *name;
  GPtrArray *warnings;
} Where;

static void
lenient (const Where *w, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static void
lenient (const Where *w, const char *fmt, ...)
{
  va_list ap;
  g_autofree char *msg = NULL;
  if (!w->warnings)
    return;
  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_ptr_array_add (w->warnings, g_strdup_printf ("%s:%u: %s", w->origin, w->line, msg));
}

static const char *
skip_space (const char *p, const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
    p++;
  return p;
}

static gboolean
starts_with (const char *p, const char *end, const char *s)
{
  size_t n = strlen (s);
  return (size_t) (end - p) >= n && memcmp (p, s, n) == 0;
}

/* Parses the value part [p, end) of one line into @out. */
static gboolean
parse_value (const Where *w, const char *p, const char *end, char **out, GError **error)
{
  const char *origin = w->origin, *name = w->name;
  guint line = w->line;
  const char *v_end;

  p = skip_space (p, end);
  if (p < end && (*p == '"' || *p == '\'' || starts_with (p, end, LQUOTE)))
    {
      const char *close_s;
      const char *q;
      gboolean typographic = (*p != '"' && *p != '\'');
      char quote = *p;

      p += typographic ? strlen (LQUOTE) : 1;
      for (q = p; q < end; q++)
        if (typographic ? (starts_with (q, end, RQUOTE) || starts_with (q, end, LQUOTE))
                        : *q == quote)
          break;
      if (q >= end)
        {
          while (q > p && (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '\r'))
            q--;
          lenient (w, "%s: the value's quote is never closed; read to the end of the line", name);
          *out = g_strndup (p, q - p);
          return TRUE;
        }
      close_s = q + (typographic ? strlen (RQUOTE) : 1);
      close_s = skip_space (close_s, end);
      if (close_s < end && *close_s != ';' && *close_s != '#')
        return fail (error, DESK_CONFIG_ERROR_SYNTAX, origin, line,
                     "%s: unexpected text after the closing quote (a comment starts with ';' or '#')",
                     name);
      *out = g_strndup (p, q - p);
      return TRUE;
    }
  for (v_end = p; v_end < end && *v_end != ';' && *v_end != '#'; v_end++)
    ;
  while (v_end > p && (v_end[-1] == ' ' || v_end[-1] == '\t' || v_end[-1] == '\r'))
    v_end--;
  for (const char *q = p; q < v_end; q++)
    if (*q == '"' || *q == '\'')
      return fail (error, DESK_CONFIG_ERROR_SYNTAX, origin, line,
                   "%s: a quote inside an unquoted value (quote the whole value)", name);
  *out = g_strndup (p, v_end - p);
  return TRUE;
}

static gboolean
check_bytes (const char *origin, guint line, const char *p, const char *end,
             GError **error)
{
  for (const char *q = p; q < end; q++)
    {
      guchar c = (guchar) *q;
      if (c == '\0')
        return fail (error, DESK_CONFIG_ERROR_SYNTAX, origin, line,
                     "binary data (a NUL byte): this is not a text configuration file");
      if (c < 0x20 && c != '\t' && c != '\r')
        return fail (error, DESK_CONFIG_ERROR_SYNTAX, origin, line,
                     "control character 0x%02x: this is not a text configuration file", c);
    }
  if (!g_utf8_validate (p, end - p, NULL))
    return fail (error, DESK_CONFIG_ERROR_SYNTAX, origin, line,
                 "the line is not UTF-8 text");
  return TRUE;
}

static gboolean
parse_line (const char *origin, guint line, const char *p, const char *end,
            DeskCnfEntryFunc func, gpointer data, GPtrArray *warnings, GError **error)
{
  Where w = { origin, line, NULL, warnings };
  const char *name, *name_end, *colon;
  g_autofree char *value = NULL;
  g_autofree char *lname = NULL;

  if (!check_bytes (origin, line, p, end, error))
    return FALSE;
  p = skip_space (p, end);
  if (p == end || *p == '#' || *p == ';')
    return TRUE;
  colon = memchr (p, ':', end - p);
  if (!colon)
    {
      /* Nothing is set by such a line, so nothing is lost by skipping it. */
      lenient (&w, "ignored: not 'name: value' and not a comment (a wrapped comment?)");
      return TRUE;
    }
  name = p;
  name_end = colon;
  while (name_end > name && (name_end[-1] == ' ' || name_end[-1] == '\t'))
    name_end--;
  if (name_end == name)
    return fail (error, DESK_CONFIG_ERROR_SYNTAX, origin, line,
                 "the parameter name before ':' is empty");
  for (const char *q = name; q < name_end; q++)
    if (!g_ascii_isalnum (*q) && *q != '_')
      {
        /* Quote at most 64 bytes, cut on a character boundary. */
        g_autofree char *shown = g_utf8_make_valid (name, MIN (name_end - name, 64));
        return fail (error, DESK_CONFIG_ERROR_SYNTAX, origin, line,
                     "'%s' is not a parameter name (letters, digits and '_' only)", shown);
      }
  lname = g_ascii_strdown (name, name_end - name);
  w.name = lname;
  if (!parse_value (&w, colon + 1, end, &value, error))
    return FALSE;
  func (lname, value, line, data);
  return TRUE;
}

gboolean
desk_cnf_parse (const char *origin, const char *buf, gsize len,
                DeskCnfEntryFunc func, gpointer data, GError **error)
{
  return desk_cnf_parse_full (origin, buf, len, func, data, NULL, error);
}

gboolean
desk_cnf_parse_full (const char *origin, const char *buf, gsize len,
                     DeskCnfEntryFunc func, gpointer data, GPtrArray *warnings,
                     GError **error)
{
  const char *p = buf, *end = buf + len;
  guint line = 1;

  if (len > DESK_CNF_MAX_FILE)
    {
      g_set_error (error, DESK_CONFIG_ERROR, DESK_CONFIG_ERROR_TOO_LARGE,
                   "%s:1: the file is %" G_GSIZE_FORMAT " bytes; the limit is %d",
                   origin, len, DESK_CNF_MAX_FILE);
      return FALSE;
    }
  /* A UTF-8 byte-order mark from a Windows editor is not content. */
  if (starts_with (p, end, "\xef\xbb\xbf"))
    p += 3;
  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl ? nl : end;
      if (line_end - p > DESK_CNF_MAX_LINE)
        return fail (error, DESK_CONFIG_ERROR_TOO_LARGE, origin, line,
                     "the line is longer than %d bytes", DESK_CNF_MAX_LINE);
      if (!parse_line (origin, line, p, line_end, func, data, warnings, error))
        return FALSE;
      p = nl ? nl + 1 : end;
      line++;
    }
  return TRUE;
}
