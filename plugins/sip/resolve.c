/* RFC 3263 server location with GResolver: SRV, then A/AAAA per target,
 * one lookup at a time, all asynchronous (a GTask drives the steps). */
#include "resolve.h"

typedef struct {
  char *host;
  guint16 port;
  SipTpKind kind;
  GList *srv;        /* GSrvTarget*, sorted, still to resolve */
  GList *srv_all;    /* for freeing */
  GPtrArray *out;    /* SipTarget* */
  char *current;     /* host being resolved */
  guint16 current_port;
  GError *first_error;
} Job;

void
sip_target_free (SipTarget *t)
{
  if (!t)
    return;
  g_clear_object (&t->addr);
  g_free (t->host);
  g_free (t);
}

static void
job_free (gpointer p)
{
  Job *j = p;
  g_free (j->host);
  g_free (j->current);
  g_list_free_full (j->srv_all, (GDestroyNotify) g_srv_target_free);
  g_ptr_array_unref (j->out);
  g_clear_error (&j->first_error);
  g_free (j);
}

static void next_srv (GTask *task);

static void
add_addresses (Job *j, GList *addrs)
{
  for (GList *l = addrs; l; l = l->next)
    {
      SipTarget *t = g_new0 (SipTarget, 1);
      t->addr = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (l->data, j->current_port));
      t->host = g_strdup (j->current);
      g_ptr_array_add (j->out, t);
    }
}

static void
finish (GTask *task)
{
  Job *j = g_task_get_task_data (task);
  if (j->out->len)
    g_task_return_pointer (task, g_ptr_array_ref (j->out), (GDestroyNotify) g_ptr_array_unref);
  else if (j->first_error)
    g_task_return_error (task, g_steal_pointer (&j->first_error));
  else
    g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                             "no address for %s", j->host);
  g_object_unref (task);
}

static void
on_addresses (GObject *src, GAsyncResult *res, gpointer data)
{
  GTask *task = data;
  Job *j = g_task_get_task_data (task);
  GError *error = NULL;
  GList *addrs = g_resolver_lookup_by_name_finish (G_RESOLVER (src), res, &error);

  if (addrs)
    {
      add_addresses (j, addrs);
      g_resolver_free_addresses (addrs);
    }
  else if (!j->first_error)
    j->first_error = error;
  else
    g_error_free (error);
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  next_srv (task);
}

static void
lookup (GTask *task, const char *host, guint16 port)
{
  Job *j = g_task_get_task_data (task);
  g_free (j->current);
  j->current = g_strdup (host);
  j->current_port = port;
  g_resolver_lookup_by_name_async (g_resolver_get_default (), host,
                                   g_task_get_cancellable (task), on_addresses, task);
}

/* Resolves the next SRV target, or finishes. */
static void
next_srv (GTask *task)
{
  Job *j = g_task_get_task_data (task);
  GSrvTarget *t;
  if (!j->srv)
    {
      finish (task);
      return;
    }
  t = j->srv->data;
  j->srv = j->srv->next;
  lookup (task, g_srv_target_get_hostname (t), g_srv_target_get_port (t));
}

static void
on_srv (GObject *src, GAsyncResult *res, gpointer data)
{
  GTask *task = data;
  Job *j = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  GList *targets = g_resolver_lookup_service_finish (G_RESOLVER (src), res, &error);

  if (g_task_return_error_if_cancelled (task))
    {
      g_list_free_full (targets, (GDestroyNotify) g_srv_target_free);
      g_object_unref (task);
      return;
    }
  if (!targets)
    {
      /* No SRV records: the name itself, on the default port. */
      lookup (task, j->host, j->kind == SIP_TP_TLS ? 5061 : 5060);
      return;
    }
  j->srv_all = g_srv_target_list_sort (targets);
  j->srv = j->srv_all;
  next_srv (task);
}

void
sip_resolve_async (const char *host, guint16 port, SipTpKind kind, GCancellable *cancellable,
                   GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Job *j = g_new0 (Job, 1);
  g_autoptr (GInetAddress) literal = g_inet_address_new_from_string (host);

  j->host = g_strdup (host);
  j->port = port;
  j->kind = kind;
  j->out = g_ptr_array_new_with_free_func ((GDestroyNotify) sip_target_free);
  g_task_set_task_data (task, j, job_free);
  g_task_set_source_tag (task, sip_resolve_async);
  if (literal)
    {
      SipTarget *t = g_new0 (SipTarget, 1);
      t->addr = G_INET_SOCKET_ADDRESS (
          g_inet_socket_address_new (literal, port ? port : (kind == SIP_TP_TLS ? 5061 : 5060)));
      g_ptr_array_add (j->out, t);
      finish (task);
      return;
    }
  if (port)
    {
      lookup (task, host, port);
      return;
    }
  g_resolver_lookup_service_async (g_resolver_get_default (), kind == SIP_TP_TLS ? "sips" : "sip",
                                   kind == SIP_TP_UDP ? "udp" : "tcp", host, cancellable, on_srv,
                                   task);
}

GPtrArray *
sip_resolve_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
