/* Message-waiting subscriptions (RFC 6665 SUBSCRIBE/NOTIFY with the
 * message-summary package of RFC 3842): once a line is registered it
 * subscribes to its own address at the registrar, refreshes the
 * subscription before it expires, and turns each NOTIFY into an
 * "mwi.state" event.  A registrar that does not offer the package (404,
 * 489, 501...) is left alone: many PBXs send unsolicited NOTIFYs instead,
 * which ua.c takes. */
#include "dialog.h"
#include "ua-private.h"

#define MWI_EXPIRES 3600
#define MWI_RETRY_S 300

struct _SipMwi {
  SipUa *ua;
  guint line;
  char *call_id;
  char *local_tag;
  guint32 cseq;
  SipDialog *dialog;
  SipAuthSession *auth;
  SipClientTx *tx;
  guint refresh_timer;
  gboolean stopping;
};

static void subscribe (SipMwi *m, guint expires);

static const char *
line_cfg (SipMwi *m, const char *what)
{
  char name[64];
  g_snprintf (name, sizeof name, "line%u_%s", m->line, what);
  return desk_config_get_string (m->ua->config, name);
}

SipMwi *
sip_mwi_new (SipUa *ua, guint line)
{
  SipMwi *m = g_new0 (SipMwi, 1);
  m->ua = ua;
  m->line = line;
  m->auth = sip_auth_session_new ();
  return m;
}

static void
reset (SipMwi *m)
{
  if (m->tx)
    sip_client_tx_detach (m->tx);
  m->tx = NULL;
  g_clear_handle_id (&m->refresh_timer, g_source_remove);
  g_clear_pointer (&m->dialog, sip_dialog_free);
  g_clear_pointer (&m->call_id, g_free);
  g_clear_pointer (&m->local_tag, g_free);
}

void
sip_mwi_free (SipMwi *m)
{
  if (!m)
    return;
  reset (m);
  sip_auth_session_free (m->auth);
  g_free (m);
}

static gboolean
on_refresh (gpointer data)
{
  SipMwi *m = data;
  m->refresh_timer = 0;
  subscribe (m, MWI_EXPIRES);
  return G_SOURCE_REMOVE;
}

static void
schedule (SipMwi *m, guint seconds)
{
  g_clear_handle_id (&m->refresh_timer, g_source_remove);
  m->refresh_timer = g_timeout_add_seconds (MAX (seconds, 1), on_refresh, m);
}

static void
on_response (SipClientTx *tx, const SipMsg *resp, guint status, gpointer data)
{
  SipMwi *m = data;
  g_autoptr (GError) error = NULL;

  if (status < 200)
    return;
  m->tx = NULL;
  if (m->stopping)
    return;
  if (status < 300)
    {
      const SipHdr *h = sip_msg_find (resp, SIP_HDR_EXPIRES);
      guint64 granted = MWI_EXPIRES;
      if (!m->dialog)
        m->dialog = sip_dialog_new_uac (sip_client_tx_get_request (tx), resp);
      if (h)
        sip_str_to_uint (h->value, G_MAXUINT32, &granted);
      /* never more often than every 30 s, whatever the server grants */
      schedule (m, MAX (granted > 120 ? granted - 60 : granted / 2, 30));
      return;
    }
  if ((status == 401 || status == 407) &&
      sip_auth_session_challenged (m->auth, resp, sip_client_tx_get_request (tx), &error))
    {
      subscribe (m, MWI_EXPIRES);
      return;
    }
  /* Not offered (404, 489, 501 ...), or refused: no subscription; try
   * again much later in case the server changes its mind. */
  g_debug ("line %u: message-summary subscription refused (%u)", m->line, status);
  reset (m);
  schedule (m, MWI_RETRY_S);
}

static void
subscribe (SipMwi *m, guint expires)
{
  SipLine *line = m->ua->lines[m->line - 1];
  GInetSocketAddress *dest = sip_line_dest (line);
  const char *user = line_cfg (m, "name");
  const char *authname = line_cfg (m, "authname");
  const char *domain = sip_line_domain (line);
  SipTpKind kind = sip_ua_transport (m->ua);
  SipPeer to = { .kind = kind, .addr = dest };
  g_autofree char *local = NULL, *branch = NULL, *aor = NULL;
  GString *s;
  g_autoptr (GError) error = NULL;

  if (!dest || !domain || !*user)
    return;
  {
    g_autofree char *raw = sip_transport_local_host (m->ua->tp, &to);
    /* an IPv6 address is a reference in Via and Contact: [..] */
    local = strchr (raw, ':') ? g_strdup_printf ("[%s]", raw) : g_steal_pointer (&raw);
  }
  branch = sip_new_branch ();
  aor = g_strdup_printf ("sip:%s@%s", user, domain);
  if (m->dialog)
    {
      /* a refresh inside the subscription's dialog */
      g_autofree char *via = g_strdup_printf ("Via: SIP/2.0/%s %s:%u;branch=%s;rport\r\n",
                                              sip_tp_kind_to_string (kind), local,
                                              sip_transport_get_port (m->ua->tp, kind), branch);
      s = sip_dialog_request (m->dialog, "SUBSCRIBE", 0, via, NULL);
    }
  else
    {
      if (!m->call_id)
        {
          m->call_id = g_strdup_printf ("%08x%08x-mwi%u@deskphone", g_random_int (), g_random_int (),
                                        m->line);
          m->local_tag = g_strdup_printf ("%08x", g_random_int ());
          m->cseq = g_random_int_range (1, 10000);
        }
      s = g_string_sized_new (768);
      g_string_append_printf (s, "SUBSCRIBE %s SIP/2.0\r\n", aor);
      g_string_append_printf (s, "Via: SIP/2.0/%s %s:%u;branch=%s;rport\r\n",
                              sip_tp_kind_to_string (kind), local,
                              sip_transport_get_port (m->ua->tp, kind), branch);
      g_string_append (s, "Max-Forwards: 70\r\n");
      g_string_append_printf (s, "From: <%s>;tag=%s\r\nTo: <%s>\r\n", aor, m->local_tag, aor);
      g_string_append_printf (s, "Call-ID: %s\r\nCSeq: %u SUBSCRIBE\r\n", m->call_id, ++m->cseq);
    }
  g_string_append_printf (s, "Contact: <sip:%s@%s:%u>\r\n", user, local,
                          sip_transport_get_port (m->ua->tp, kind));
  g_string_append (s, "Event: message-summary\r\nAccept: application/simple-message-summary\r\n");
  g_string_append_printf (s, "Expires: %u\r\nUser-Agent: %s\r\n", expires, m->ua->user_agent);
  if (!sip_auth_session_authorize (m->auth, "SUBSCRIBE", aor, *authname ? authname : user,
                                   line_cfg (m, "password"), SIP_STR_NULL, s, &error))
    {
      g_string_free (s, TRUE);
      return;
    }
  g_string_append (s, "Content-Length: 0\r\n\r\n");
  if (m->tx)
    sip_client_tx_detach (m->tx);
  m->tx = sip_client_tx_start (m->ua->txl, s, &to, on_response, m);
}

void
sip_mwi_start (SipMwi *m)
{
  if (!m)
    return;
  m->stopping = FALSE;
  reset (m);
  subscribe (m, MWI_EXPIRES);
}

void
sip_mwi_stop (SipMwi *m)
{
  if (!m || !m->dialog)
    return;
  m->stopping = TRUE;
  subscribe (m, 0);
  g_clear_handle_id (&m->refresh_timer, g_source_remove);
}

gboolean
sip_mwi_notify (SipUa *ua, SipServerTx *tx, const SipMsg *req)
{
  for (guint i = 0; i < SIP_UA_LINES; i++)
    {
      SipMwi *m = ua->mwi[i];
      const SipHdr *state;
      GString *r;
      if (!m || !m->call_id || !sip_str_eq (req->call_id, m->call_id) ||
          !sip_str_eq (req->to.tag, m->local_tag))
        continue;
      /* The NOTIFY may come before the 2xx to our SUBSCRIBE (RFC 6665
       * 4.1.2.4): it creates the dialog then. */
      if (!m->dialog)
        {
          m->dialog = sip_dialog_new_uas (req, m->local_tag);
          m->dialog->local_cseq = m->cseq;
        }
      sip_dialog_refresh_target (m->dialog, req);
      {
        /* an empty body is a state without news; a body must parse */
        guint status = !req->body.len || sip_ua_publish_mwi (ua, m->line, req->body) ? 200 : 400;
        r = sip_msg_make_response (req, status, NULL, NULL, NULL);
        sip_server_tx_respond (tx, r, status);
      }
      state = sip_msg_find (req, SIP_HDR_SUBSCRIPTION_STATE);
      if (state && state->value.len >= 10 &&
          g_ascii_strncasecmp (state->value.p, "terminated", 10) == 0 && !m->stopping)
        {
          /* the server ended it: start again later */
          reset (m);
          schedule (m, MWI_RETRY_S);
        }
      return TRUE;
    }
  return FALSE;
}
