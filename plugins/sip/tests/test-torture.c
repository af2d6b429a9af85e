/* The SIP torture messages of RFC 4475 and RFC 5118 (data/torture/, one
 * file each, with index.tsv saying what a correct parser concludes).
 *
 * valid:    parses with no refusal, and the checks in the index hold;
 * invalid:  refused (dropped, or answered with the status the index names);
 * semantic: the message layer either accepts it (a higher layer answers) or
 *           refuses it with exactly the status the RFC expects. */
#include <stdlib.h>

#include "msg.h"
#include "uri.h"

/* Records a failure and leaves the test, so one run lists every message
 * the parser gets wrong. */
#define FAIL(...)                                                                  \
  do                                                                               \
    {                                                                              \
      g_test_fail_printf (__VA_ARGS__);                                            \
      return;                                                                      \
    }                                                                              \
  while (0)

typedef struct {
  char *name, *rfc, *section, *verdict, *kind, *reason, *checks;
} Row;

static void
row_free (gpointer p)
{
  Row *r = p;
  g_free (r->name);
  g_free (r->rfc);
  g_free (r->section);
  g_free (r->verdict);
  g_free (r->kind);
  g_free (r->reason);
  g_free (r->checks);
  g_free (r);
}

static char *
load (const char *name, gsize *len)
{
  g_autofree char *file = g_str_has_suffix (name, ".dat") ? g_strdup (name) : g_strconcat (name, ".dat", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "torture", file, NULL);
  char *data = NULL;
  g_autoptr (GError) error = NULL;
  if (!g_file_get_contents (path, &data, len, &error))
    g_error ("%s", error->message);
  return data;
}

/* The status the RFC expects: the first three-digit code after the last
 * ';' of the reason column ("...; 400 due to ..."), or 0 when none is
 * named. */
static guint
expected_code (const char *reason)
{
  const char *semi = strrchr (reason, ';');
  for (const char *p = semi ? semi : reason; *p; p++)
    if (g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2]) &&
        !g_ascii_isdigit (p[3]) && (p == reason || !g_ascii_isdigit (p[-1])) &&
        p[0] >= '1' && p[0] <= '6')
      return atoi (p);
  return 0;
}

/* Checks one "key=value" fact about a parsed message. */
static void
check_fact (const Row *r, const SipMsg *m, const char *key, const char *want)
{
  g_autofree char *got = NULL;
  if (!strcmp (key, "method"))
    got = sip_str_dup (m->method);
  else if (!strcmp (key, "request-uri"))
    got = sip_str_dup (m->ruri);
  else if (!strcmp (key, "status"))
    got = g_strdup_printf ("%u", m->status);
  else if (!strcmp (key, "call-id"))
    got = sip_str_dup (m->call_id);
  else if (!strcmp (key, "cseq"))
    got = g_strdup_printf ("%u %.*s", m->cseq, (int) m->cseq_method.len, m->cseq_method.p);
  else if (!strcmp (key, "from-tag"))
    got = sip_str_dup (m->from.tag);
  else if (!strcmp (key, "to-tag"))
    got = sip_str_dup (m->to.tag);
  else if (!strcmp (key, "via-count"))
    got = g_strdup_printf ("%u", m->n_via);
  else if (!strcmp (key, "via-branch"))
    got = sip_str_dup (m->via.branch);
  else if (!strcmp (key, "max-forwards"))
    got = g_strdup_printf ("%d", m->max_forwards);
  else if (!strcmp (key, "content-length"))
    got = g_strdup_printf ("%" G_GINT64_FORMAT, m->content_length);
  else if (!strcmp (key, "body-length"))
    got = g_strdup_printf ("%" G_GSIZE_FORMAT, m->body.len);
  else if (!strcmp (key, "contact-count"))
    got = g_strdup_printf ("%u", sip_msg_count_values (m, SIP_HDR_CONTACT));
  else
    FAIL ("%s: unknown check '%s' in index.tsv", r->name, key);
  if (g_strcmp0 (got, want) != 0)
    FAIL ("%s (%s %s): %s is '%s', expected '%s'", r->name, r->rfc, r->section, key,
             got ? got : "(none)", want);
}

static void
test_one (gconstpointer data)
{
  const Row *r = data;
  gsize len;
  g_autofree char *bytes = load (r->name, &len);
  g_autoptr (GError) error = NULL;
  g_autoptr (SipMsg) m = sip_msg_parse (bytes, len, &error);
  guint code = expected_code (r->reason);

  if (!strcmp (r->verdict, "valid"))
    {
      if (!m)
        FAIL ("%s (%s %s) is valid but was dropped: %s", r->name, r->rfc, r->section,
                 error->message);
      if (m->invalid_status)
        FAIL ("%s (%s %s) is valid but was refused: %u %s", r->name, r->rfc, r->section,
                 m->invalid_status, m->invalid_reason);
      if (m->is_request)
        {
          SipUri u;
          const char *why = NULL;
          if (!sip_uri_parse (m->ruri.p, m->ruri.len, &u, &why))
            FAIL ("%s: valid message, but its Request-URI is refused: %s", r->name, why);
        }
      if (r->checks && *r->checks)
        {
          g_auto (GStrv) facts = g_strsplit (r->checks, ";", -1);
          for (int i = 0; facts[i]; i++)
            {
              char *eq = strchr (facts[i], '=');
              if (!*g_strstrip (facts[i]))
                continue;
              if (!eq)
                FAIL ("%s: malformed check '%s'", r->name, facts[i]);
              *eq = '\0';
              check_fact (r, m, g_strstrip (facts[i]), g_strstrip (eq + 1));
            }
        }
    }
  else if (!strcmp (r->verdict, "invalid"))
    {
      if (m && !m->invalid_status)
        FAIL ("%s (%s %s) is invalid (%s) but was accepted", r->name, r->rfc, r->section,
                 r->reason);
      if (m && code && m->invalid_status != code)
        FAIL ("%s: refused with %u (%s), the RFC expects %u", r->name, m->invalid_status,
                 m->invalid_reason, code);
      g_test_message ("%s: %s", r->name, m ? m->invalid_reason : error->message);
    }
  else if (!strcmp (r->verdict, "semantic"))
    {
      if (!m)
        FAIL ("%s: should reach the application layer but was dropped: %s", r->name,
                 error->message);
      if (m->invalid_status && code && m->invalid_status != code)
        FAIL ("%s: refused with %u (%s), the RFC expects %u", r->name, m->invalid_status,
                 m->invalid_reason, code);
      g_test_message ("%s: %s", r->name,
                      m->invalid_status ? m->invalid_reason : "accepted; a higher layer answers");
    }
  else
    FAIL ("%s: unknown verdict '%s'", r->name, r->verdict);
}

int
main (int argc, char **argv)
{
  g_autofree char *index = NULL;
  g_autofree char *path = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (row_free);
  g_autoptr (GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  path = g_test_build_filename (G_TEST_DIST, "data", "torture", "index.tsv", NULL);
  if (!g_file_get_contents (path, &index, NULL, &error))
    g_error ("the torture index is missing: %s", error->message);
  lines = g_strsplit (index, "\n", -1);
  for (int i = 1; lines[i]; i++)
    {
      g_auto (GStrv) f = g_strsplit (lines[i], "\t", -1);
      Row *r;
      g_autofree char *tpath = NULL;
      if (!*lines[i])
        continue;
      if (g_strv_length (f) < 6)
        g_error ("index.tsv line %d has %u fields", i + 1, g_strv_length (f));
      r = g_new0 (Row, 1);
      r->name = g_strdup (f[0]);
      r->rfc = g_strdup (f[1]);
      r->section = g_strdup (f[2]);
      r->verdict = g_strdup (f[3]);
      r->kind = g_strdup (f[4]);
      r->reason = g_strdup (f[5]);
      r->checks = g_strdup (f[6] ? f[6] : "");
      g_ptr_array_add (rows, r);
      tpath = g_strdup_printf ("/sip/torture/%s/%s", r->verdict, r->name);
      g_test_add_data_func (tpath, r, test_one);
    }
  if (rows->len == 0)
    g_error ("index.tsv lists no messages");
  return g_test_run ();
}
