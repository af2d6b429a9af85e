/* Server location (resolve.c) against a stand-in GResolver that answers
 * from a table: which records are asked for, and in which order the
 * addresses come out.  (DNS itself cannot be run on loopback here; the
 * resolver is the boundary.) */
#include <stdlib.h>

#include "resolve.h"

/* ---- a table-driven GResolver ---- */

typedef struct {
  GResolver parent;
  GHashTable *names; /* host -> "ip,ip" */
  GHashTable *srv;   /* rrname -> "prio:weight:port:host;..." */
  GPtrArray *asked;  /* "A host" / "SRV rrname" */
} FakeResolver;

typedef struct {
  GResolverClass parent_class;
} FakeResolverClass;

static GType fake_resolver_get_type (void);
G_DEFINE_TYPE (FakeResolver, fake_resolver, G_TYPE_RESOLVER)

static void
fake_resolver_finalize (GObject *o)
{
  FakeResolver *r = (FakeResolver *) o;
  g_hash_table_unref (r->names);
  g_hash_table_unref (r->srv);
  g_ptr_array_unref (r->asked);
  G_OBJECT_CLASS (fake_resolver_parent_class)->finalize (o);
}

static void
by_name_async (GResolver *resolver, const char *host, GCancellable *c, GAsyncReadyCallback cb,
               gpointer data)
{
  FakeResolver *r = (FakeResolver *) resolver;
  GTask *task = g_task_new (resolver, c, cb, data);
  const char *ips = g_hash_table_lookup (r->names, host);
  g_ptr_array_add (r->asked, g_strdup_printf ("A %s", host));
  if (!ips)
    g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "no %s", host);
  else
    {
      g_auto (GStrv) parts = g_strsplit (ips, ",", -1);
      GList *out = NULL;
      for (int i = 0; parts[i]; i++)
        out = g_list_append (out, g_inet_address_new_from_string (parts[i]));
      g_task_return_pointer (task, out, (GDestroyNotify) g_resolver_free_addresses);
    }
  g_object_unref (task);
}

static GList *
by_name_finish (GResolver *resolver, GAsyncResult *res, GError **error)
{
  return g_task_propagate_pointer (G_TASK (res), error);
}

static void
service_async (GResolver *resolver, const char *rrname, GCancellable *c, GAsyncReadyCallback cb,
               gpointer data)
{
  FakeResolver *r = (FakeResolver *) resolver;
  GTask *task = g_task_new (resolver, c, cb, data);
  const char *recs = g_hash_table_lookup (r->srv, rrname);
  g_ptr_array_add (r->asked, g_strdup_printf ("SRV %s", rrname));
  if (!recs)
    g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "no %s", rrname);
  else
    {
      g_auto (GStrv) parts = g_strsplit (recs, ";", -1);
      GList *out = NULL;
      for (int i = 0; parts[i]; i++)
        {
          g_auto (GStrv) f = g_strsplit (parts[i], ":", 4);
          out = g_list_append (out, g_srv_target_new (f[3], atoi (f[2]), atoi (f[0]), atoi (f[1])));
        }
      g_task_return_pointer (task, out, NULL);
    }
  g_object_unref (task);
}

static GList *
service_finish (GResolver *resolver, GAsyncResult *res, GError **error)
{
  return g_task_propagate_pointer (G_TASK (res), error);
}

static void
fake_resolver_class_init (FakeResolverClass *k)
{
  G_OBJECT_CLASS (k)->finalize = fake_resolver_finalize;
  G_RESOLVER_CLASS (k)->lookup_by_name_async = by_name_async;
  G_RESOLVER_CLASS (k)->lookup_by_name_finish = by_name_finish;
  G_RESOLVER_CLASS (k)->lookup_service_async = service_async;
  G_RESOLVER_CLASS (k)->lookup_service_finish = service_finish;
}

static void
fake_resolver_init (FakeResolver *r)
{
  r->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  r->srv = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  r->asked = g_ptr_array_new_with_free_func (g_free);
}

/* ---- fixture ---- */

/* One stand-in for the whole program, installed as the default resolver
 * in main(): GLib keeps references to the default resolver it has handed
 * out, so one per test would only pile up. */
static FakeResolver *fake;

typedef struct {
  FakeResolver *r;
} Fixture;

static void
setup (Fixture *f, gconstpointer d)
{
  f->r = fake;
  g_hash_table_remove_all (f->r->names);
  g_hash_table_remove_all (f->r->srv);
  g_ptr_array_set_size (f->r->asked, 0);
  g_hash_table_insert (f->r->names, g_strdup ("pbx.example"), g_strdup ("192.0.2.10"));
  g_hash_table_insert (f->r->names, g_strdup ("sip1.example"), g_strdup ("192.0.2.1,2001:db8::1"));
  g_hash_table_insert (f->r->names, g_strdup ("sip2.example"), g_strdup ("192.0.2.2"));
  /* priority 20 listed first: the lower number must still come first */
  g_hash_table_insert (f->r->srv, g_strdup ("_sip._udp.pbx.example"),
                       g_strdup ("20:0:5070:sip2.example;10:0:5080:sip1.example"));
  g_hash_table_insert (f->r->srv, g_strdup ("_sips._tcp.pbx.example"),
                       g_strdup ("10:0:5061:sip1.example"));
}

static void
teardown (Fixture *f, gconstpointer d)
{
}

static void
on_done (GObject *src, GAsyncResult *res, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (res);
}

/* Runs one resolution and returns "ip:port ip:port ..." or "error: ...". */
static char *
resolve (const char *host, guint16 port, SipTpKind kind)
{
  GAsyncResult *res = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) out = NULL;
  GString *s = g_string_new (NULL);

  sip_resolve_async (host, port, kind, NULL, on_done, &res);
  while (!res)
    g_main_context_iteration (NULL, TRUE);
  out = sip_resolve_finish (res, &error);
  g_object_unref (res);
  if (!out)
    {
      g_string_append_printf (s, "error: %s", error->message);
      return g_string_free (s, FALSE);
    }
  for (guint i = 0; i < out->len; i++)
    {
      SipTarget *t = g_ptr_array_index (out, i);
      g_autofree char *ip = g_inet_address_to_string (g_inet_socket_address_get_address (t->addr));
      g_string_append_printf (s, "%s%s:%u", i ? " " : "", ip, g_inet_socket_address_get_port (t->addr));
    }
  return g_string_free (s, FALSE);
}

static char *
asked (Fixture *f)
{
  g_ptr_array_add (f->r->asked, NULL);
  char *s = g_strjoinv (", ", (char **) f->r->asked->pdata);
  g_ptr_array_set_size (f->r->asked, 0);
  return s;
}

static void
test_ip_literal_needs_no_lookup (Fixture *f, gconstpointer d)
{
  g_autofree char *got = resolve ("198.51.100.7", 0, SIP_TP_UDP);
  g_autofree char *q = asked (f);
  g_assert_cmpstr (got, ==, "198.51.100.7:5060");
  g_assert_cmpstr (q, ==, "");
}

static void
test_explicit_port_skips_srv (Fixture *f, gconstpointer d)
{
  g_autofree char *got = resolve ("pbx.example", 5062, SIP_TP_UDP);
  g_autofree char *q = asked (f);
  g_assert_cmpstr (got, ==, "192.0.2.10:5062");
  g_assert_cmpstr (q, ==, "A pbx.example");
}

static void
test_srv_targets_in_priority_order (Fixture *f, gconstpointer d)
{
  g_autofree char *got = resolve ("pbx.example", 0, SIP_TP_UDP);
  g_autofree char *q = asked (f);
  g_assert_cmpstr (got, ==, "192.0.2.1:5080 2001:db8::1:5080 192.0.2.2:5070");
  g_assert_cmpstr (q, ==, "SRV _sip._udp.pbx.example, A sip1.example, A sip2.example");
}

static void
test_tls_asks_for_sips_over_tcp (Fixture *f, gconstpointer d)
{
  g_autofree char *got = resolve ("pbx.example", 0, SIP_TP_TLS);
  g_autofree char *q = asked (f);
  g_assert_cmpstr (got, ==, "192.0.2.1:5061 2001:db8::1:5061");
  g_assert_cmpstr (q, ==, "SRV _sips._tcp.pbx.example, A sip1.example");
}

static void
test_no_srv_falls_back_to_the_name (Fixture *f, gconstpointer d)
{
  g_autofree char *got = resolve ("pbx.example", 0, SIP_TP_TCP);
  g_autofree char *q = asked (f);
  g_assert_cmpstr (got, ==, "192.0.2.10:5060");
  g_assert_cmpstr (q, ==, "SRV _sip._tcp.pbx.example, A pbx.example");
}

static void
test_unknown_name_is_an_error (Fixture *f, gconstpointer d)
{
  g_autofree char *got = resolve ("nowhere.example", 5060, SIP_TP_UDP);
  g_assert_true (g_str_has_prefix (got, "error: "));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  fake = g_object_new (fake_resolver_get_type (), NULL);
  g_resolver_set_default (G_RESOLVER (fake));
#define T(p, fn) g_test_add ("/sip/resolve/" p, Fixture, NULL, setup, fn, teardown)
  T ("ip-literal-needs-no-lookup", test_ip_literal_needs_no_lookup);
  T ("explicit-port-skips-srv", test_explicit_port_skips_srv);
  T ("srv-targets-in-priority-order", test_srv_targets_in_priority_order);
  T ("tls-asks-for-sips-over-tcp", test_tls_asks_for_sips_over_tcp);
  T ("no-srv-falls-back-to-the-name", test_no_srv_falls_back_to_the_name);
  T ("unknown-name-is-an-error", test_unknown_name_is_an_error);
#undef T
  {
    int status = g_test_run ();
    g_object_unref (fake); /* the default resolver keeps its own reference */
    return status;
  }
}
