/* Dialog state and in-dialog requests (RFC 3261 section 12). */
#include "dialog.h"

void
sip_dialog_free (SipDialog *d)
{
  if (!d)
    return;
  g_free (d->call_id);
  g_free (d->local_tag);
  g_free (d->remote_tag);
  g_free (d->local_uri);
  g_free (d->remote_uri);
  g_free (d->remote_target);
  g_ptr_array_unref (d->route_set);
  g_free (d);
}

/* The URI of a name-addr header value, wrapped in <> without parameters
 * other than those inside the brackets. */
static char *
bare_name_addr (const SipNameAddr *na)
{
  return g_strdup_printf ("<%.*s>", (int) na->uri.len, na->uri.p);
}

static gboolean
add_route (SipStr v, gpointer data)
{
  g_ptr_array_add (data, sip_str_dup (v));
  return TRUE;
}

static gboolean
first_contact (SipStr v, gpointer data)
{
  SipNameAddr na;
  const char *why;
  if (sip_parse_name_addr (v, &na, &why) && !na.star)
    *(char **) data = sip_str_dup (na.uri);
  return FALSE;
}

static char *
contact_uri (const SipMsg *msg)
{
  char *uri = NULL;
  sip_msg_foreach_value (msg, SIP_HDR_CONTACT, first_contact, &uri);
  return uri;
}

SipDialog *
sip_dialog_new_uac (const SipMsg *request, const SipMsg *response)
{
  SipDialog *d;
  char *target = contact_uri (response);

  if (!response->to.tag.len || !target)
    {
      g_free (target);
      return NULL;
    }
  d = g_new0 (SipDialog, 1);
  d->call_id = sip_str_dup (request->call_id);
  d->local_tag = sip_str_dup (request->from.tag);
  d->remote_tag = sip_str_dup (response->to.tag);
  d->local_cseq = request->cseq;
  d->local_uri = bare_name_addr (&request->from);
  d->remote_uri = bare_name_addr (&request->to);
  d->remote_target = target;
  d->route_set = g_ptr_array_new_with_free_func (g_free);
  /* The UAC's route set is the Record-Route of the response, reversed. */
  sip_msg_foreach_value (response, SIP_HDR_RECORD_ROUTE, add_route, d->route_set);
  for (guint i = 0, j = d->route_set->len; j > i + 1; i++, j--)
    {
      gpointer t = d->route_set->pdata[i];
      d->route_set->pdata[i] = d->route_set->pdata[j - 1];
      d->route_set->pdata[j - 1] = t;
    }
  d->confirmed = response->status >= 200;
  return d;
}

SipDialog *
sip_dialog_new_uas (const SipMsg *request, const char *local_tag)
{
  SipDialog *d = g_new0 (SipDialog, 1);
  d->call_id = sip_str_dup (request->call_id);
  d->local_tag = g_strdup (local_tag);
  d->remote_tag = sip_str_dup (request->from.tag);
  d->remote_cseq = request->cseq;
  d->local_cseq = g_random_int_range (1, 10000);
  d->local_uri = bare_name_addr (&request->to);
  d->remote_uri = bare_name_addr (&request->from);
  d->remote_target = contact_uri (request);
  if (!d->remote_target)
    d->remote_target = sip_str_dup (request->from.uri);
  d->route_set = g_ptr_array_new_with_free_func (g_free);
  /* The UAS keeps Record-Route in the order received. */
  sip_msg_foreach_value (request, SIP_HDR_RECORD_ROUTE, add_route, d->route_set);
  d->confirmed = TRUE;
  return d;
}

gboolean
sip_dialog_matches (const SipDialog *d, const SipMsg *msg)
{
  SipStr local = msg->is_request ? msg->to.tag : msg->from.tag;
  SipStr remote = msg->is_request ? msg->from.tag : msg->to.tag;
  return sip_str_eq (msg->call_id, d->call_id) && sip_str_eq (local, d->local_tag) &&
         (!d->remote_tag || sip_str_eq (remote, d->remote_tag));
}

void
sip_dialog_refresh_target (SipDialog *d, const SipMsg *msg)
{
  char *uri = contact_uri (msg);
  if (uri)
    {
      g_free (d->remote_target);
      d->remote_target = uri;
    }
}

/* The URI inside a route value "<sip:p;lr>;x" (transfer full). */
static char *
route_uri (const char *route)
{
  SipNameAddr na;
  const char *why;
  if (!sip_parse_name_addr (sip_str (route, strlen (route)), &na, &why))
    return g_strdup (route);
  return sip_str_dup (na.uri);
}

GString *
sip_dialog_request (SipDialog *d, const char *method, guint32 cseq, const char *via_line,
                    char **next_hop)
{
  GString *s = g_string_sized_new (1024);
  const char *ruri = d->remote_target;
  g_autofree char *first = NULL;
  guint start = 0;

  if (d->route_set->len)
    {
      first = route_uri (g_ptr_array_index (d->route_set, 0));
      if (!strstr (first, ";lr"))
        {
          /* strict router (RFC 2543): it goes in the Request-URI and the
           * remote target becomes the last Route */
          ruri = first;
          start = 1;
        }
    }
  g_string_append_printf (s, "%s %s SIP/2.0\r\n", method, ruri);
  g_string_append (s, via_line);
  g_string_append (s, "Max-Forwards: 70\r\n");
  for (guint i = start; i < d->route_set->len; i++)
    g_string_append_printf (s, "Route: %s\r\n", (char *) g_ptr_array_index (d->route_set, i));
  if (start)
    g_string_append_printf (s, "Route: <%s>\r\n", d->remote_target);
  g_string_append_printf (s, "From: %s;tag=%s\r\n", d->local_uri, d->local_tag);
  if (d->remote_tag)
    g_string_append_printf (s, "To: %s;tag=%s\r\n", d->remote_uri, d->remote_tag);
  else
    g_string_append_printf (s, "To: %s\r\n", d->remote_uri);
  g_string_append_printf (s, "Call-ID: %s\r\n", d->call_id);
  if (!cseq)
    cseq = ++d->local_cseq;
  g_string_append_printf (s, "CSeq: %u %s\r\n", cseq, method);
  if (next_hop)
    *next_hop = g_strdup (first ? first : d->remote_target);
  return s;
}
