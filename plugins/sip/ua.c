/* The UA core: wires transport, transactions and lines together, and
 * answers what a UA answers on its own (RFC 3261 section 8.2): OPTIONS with
 * its capabilities, 416 for a Request-URI scheme it cannot use, 420 for an
 * extension it does not support, 481 for a dialog it does not have, 501
 * for a method it does not know. */
#include "call.h"
#include "ua-private.h"
#include "uri.h"

/* Option tags this UA supports (RFC 3261 8.2.2.3); "replaces" comes with
 * the call features. */
static const char *const supported[] = { NULL };

const char *
sip_ua_contact_host (SipUa *ua, const char *local)
{
  const char *nat = desk_config_get_string (ua->config, "nat_address");
  if (!desk_config_get_bool (ua->config, "nat_enable"))
    return local;
  if (ua->nat_learned && desk_config_get_bool (ua->config, "nat_received_processing"))
    return ua->nat_learned;
  /* N-04: an unusable nat_address falls back to our own */
  if (*nat && g_ascii_strcasecmp (nat, "UNPROVISIONED") != 0)
    return nat;
  return local;
}

SipTpKind
sip_ua_transport (SipUa *ua)
{
  const char *t = desk_config_get_string (ua->config, "sip_transport");
  SipTpKind kind = SIP_TP_UDP;
  sip_tp_kind_from_string (sip_str (t, strlen (t)), &kind);
  return kind;
}

static void
respond (SipServerTx *tx, const SipMsg *req, guint status, const char *reason,
         const char *extra)
{
  g_autofree char *tag = g_strdup_printf ("%08x", g_random_int ());
  GString *r = sip_msg_make_response (req, status, reason, tag, extra);
  if (r)
    sip_server_tx_respond (tx, r, status);
}

typedef struct {
  GString *unsupported;
} RequireCtx;

static gboolean
check_require (SipStr v, gpointer data)
{
  RequireCtx *c = data;
  for (int i = 0; supported[i]; i++)
    if (sip_str_caseeq (v, supported[i]))
      return TRUE;
  g_string_append_printf (c->unsupported, "%s%.*s", c->unsupported->len ? ", " : "", (int) v.len,
                          v.p);
  return TRUE;
}

static void
answer_options (SipUa *ua, SipServerTx *tx, const SipMsg *req)
{
  g_autofree char *extra = g_strdup_printf ("Allow: %s\r\n"
                                            "Accept: application/sdp\r\n"
                                            "Accept-Language: en\r\n"
                                            "User-Agent: %s\r\n",
                                            SIP_UA_ALLOW, ua->user_agent);
  respond (tx, req, 200, NULL, extra);
}

/* The line a request is for: the one whose lineN_name is the
 * Request-URI's user, else line 1. */
static guint
line_of (SipUa *ua, const SipMsg *req)
{
  SipUri u;
  const char *why;
  if (sip_uri_parse (req->ruri.p, req->ruri.len, &u, &why) && u.user.len)
    for (guint n = 1; n <= SIP_UA_LINES; n++)
      {
        char name[32];
        g_snprintf (name, sizeof name, "line%u_name", n);
        if (sip_str_eq (u.user, desk_config_get_string (ua->config, name)))
          return n;
      }
  return 1;
}

/* Reads "Name: value" from an application/simple-message-summary body
 * (RFC 3842 5.2). */
static SipStr
summary_field (SipStr body, const char *name)
{
  gsize n = strlen (name);
  const char *p = body.p, *end = body.p + body.len;
  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *eol = nl ? nl : end;
      if ((gsize) (eol - p) > n && g_ascii_strncasecmp (p, name, n) == 0 && p[n] == ':')
        return sip_str_trim (sip_str (p + n + 1, (eol > p && eol[-1] == '\r' ? eol - 1 : eol) - p - n - 1));
      p = nl ? nl + 1 : end;
    }
  return SIP_STR_NULL;
}

gboolean
sip_ua_publish_mwi (SipUa *ua, guint line, SipStr body)
{
  SipStr waiting = summary_field (body, "Messages-Waiting");
  SipStr voice = summary_field (body, "Voice-Message");
  guint64 new_msgs = 0, old_msgs = 0;

  if (!waiting.p)
    return FALSE;
  if (voice.p)
    {
      /* "new/old (urgent-new/urgent-old)" */
      const char *slash = memchr (voice.p, '/', voice.len);
      if (slash)
        {
          SipStr rest = sip_str (slash + 1, voice.p + voice.len - slash - 1);
          gsize k = 0;
          sip_str_to_uint (sip_str_trim (sip_str (voice.p, slash - voice.p)), G_MAXUINT32, &new_msgs);
          while (k < rest.len && g_ascii_isdigit (rest.p[k]))
            k++;
          sip_str_to_uint (sip_str (rest.p, k), G_MAXUINT32, &old_msgs);
        }
    }
  desk_bus_emit (ua->bus, "mwi.state",
                 "line", g_variant_new_uint32 (line),
                 "waiting", g_variant_new_boolean (sip_str_caseeq (waiting, "yes")),
                 "new", g_variant_new_uint32 (new_msgs),
                 "old", g_variant_new_uint32 (old_msgs), NULL);
  return TRUE;
}

/* NOTIFY outside a subscription, as PBXs send them to 7960s: message
 * waiting (RFC 3842 bodies) and check-sync (resync the configuration). */
static void
answer_notify (SipUa *ua, SipServerTx *tx, const SipMsg *req)
{
  const SipHdr *ev = sip_msg_find (req, SIP_HDR_EVENT);
  SipStr event = ev ? sip_str_trim (ev->value) : SIP_STR_NULL;
  guint line = line_of (ua, req);

  if (event.p && memchr (event.p, ';', event.len))
    event.len = (const char *) memchr (event.p, ';', event.len) - event.p;
  if (sip_str_caseeq (event, "message-summary"))
    {
      if (!sip_ua_publish_mwi (ua, line, req->body))
        {
          respond (tx, req, 400, "Bad Request (no Messages-Waiting in the summary)", NULL);
          return;
        }
      respond (tx, req, 200, NULL, NULL);
      return;
    }
  if (sip_str_caseeq (event, "check-sync"))
    {
      respond (tx, req, 200, NULL, NULL);
      desk_bus_emit (ua->bus, "prov.check-sync", "line", g_variant_new_uint32 (line), NULL);
      return;
    }
  respond (tx, req, 489, NULL, "Allow-Events: message-summary, check-sync\r\n");
}

static void
on_request (SipTxLayer *layer, SipServerTx *tx, const SipMsg *req, const SipPeer *from,
            gpointer data)
{
  SipUa *ua = data;
  SipUri uri;
  const char *why;
  RequireCtx rc = { NULL };

  if (!tx)
    {
      sip_call_in_dialog (ua, NULL, req, from); /* the ACK of a 2xx */
      return;
    }
  if (!sip_uri_parse (req->ruri.p, req->ruri.len, &uri, &why) || uri.scheme == SIP_URI_OTHER)
    {
      respond (tx, req, 416, NULL, NULL);
      return;
    }
  rc.unsupported = g_string_new (NULL);
  sip_msg_foreach_value (req, SIP_HDR_REQUIRE, check_require, &rc);
  if (rc.unsupported->len && req->method_id != SIP_METHOD_CANCEL)
    {
      g_autofree char *extra = g_strdup_printf ("Unsupported: %s\r\n", rc.unsupported->str);
      respond (tx, req, 420, NULL, extra);
      g_string_free (rc.unsupported, TRUE);
      return;
    }
  g_string_free (rc.unsupported, TRUE);
  /* Inside a dialog (To has a tag): the call it belongs to takes it. */
  if (req->to.tag.len && req->method_id != SIP_METHOD_CANCEL)
    {
      if (!sip_call_in_dialog (ua, tx, req, from) &&
          !(req->method_id == SIP_METHOD_NOTIFY && sip_mwi_notify (ua, tx, req)))
        respond (tx, req, 481, NULL, NULL);
      return;
    }
  switch (req->method_id)
    {
    case SIP_METHOD_OPTIONS:
      answer_options (ua, tx, req);
      return;
    case SIP_METHOD_NOTIFY:
      answer_notify (ua, tx, req);
      return;
    case SIP_METHOD_BYE:
    case SIP_METHOD_REFER:
    case SIP_METHOD_INFO:
      respond (tx, req, 481, NULL, NULL);
      return;
    case SIP_METHOD_CANCEL:
      {
        SipServerTx *invite = sip_tx_layer_find_cancelled (layer, req);
        respond (tx, req, invite ? 200 : 481, NULL, NULL);
        if (invite && !sip_server_tx_is_final (invite))
          sip_call_cancelled (ua, invite);
        return;
      }
    case SIP_METHOD_INVITE:
      sip_call_incoming (ua, tx, req, from);
      return;
    default:
      {
        g_autofree char *extra = g_strdup_printf ("Allow: %s\r\n", SIP_UA_ALLOW);
        respond (tx, req, 501, NULL, extra);
        return;
      }
    }
}

static void
on_recv (SipTransport *tp, SipMsg **msg, const SipPeer *from, gpointer data)
{
  SipUa *ua = data;
  sip_tx_layer_receive (ua->txl, msg, from);
}

static void
apply_timers (SipUa *ua)
{
  SipTimers t = SIP_TIMERS_DEFAULT;
  t.t1 = desk_config_get_int (ua->config, "timer_t1");
  t.t2 = desk_config_get_int (ua->config, "timer_t2");
  t.invite_retx = desk_config_get_int (ua->config, "sip_invite_retx");
  t.retx = desk_config_get_int (ua->config, "sip_retx");
  sip_tx_layer_set_timers (ua->txl, &t);
}

static gboolean
affects_registration (const char *name)
{
  static const char *const prefixes[] = { "line", "proxy", "user", "timer_register", "outbound",
                                          "nat_", "sip_transport", NULL };
  for (int i = 0; prefixes[i]; i++)
    if (g_str_has_prefix (name, prefixes[i]))
      return TRUE;
  return FALSE;
}

static void
on_config_changed (const char *topic, GVariant *payload, gpointer data)
{
  SipUa *ua = data;
  g_autofree const char **names = NULL;
  gboolean reregister = FALSE;

  if (!g_variant_lookup (payload, "names", "^a&s", &names))
    return;
  for (int i = 0; names[i]; i++)
    {
      if (g_str_has_prefix (names[i], "timer_t") || g_str_has_prefix (names[i], "sip_"))
        apply_timers (ua);
      reregister |= affects_registration (names[i]);
    }
  if (reregister)
    for (guint i = 0; i < SIP_UA_LINES; i++)
      sip_line_start (ua->lines[i]);
}

SipUa *
sip_ua_new (DeskConfig *config, DeskBus *bus, DeskRegistry *registry, GError **error)
{
  SipUa *ua = g_new0 (SipUa, 1);
  const char *bind = desk_config_get_string (config, "sip_bind_address");
  guint16 port = desk_config_get_int (config, "voip_control_port");

  ua->config = config;
  ua->bus = bus;
  ua->registry = registry;
  ua->user_agent = g_strdup_printf ("deskphone/%s", "0.1.0");
  ua->tp = sip_transport_new (on_recv, ua);
  ua->txl = sip_tx_layer_new (ua->tp, on_request, ua);
  apply_timers (ua);
  if (!sip_transport_listen (ua->tp, SIP_TP_UDP, *bind ? bind : NULL, port, error) ||
      !sip_transport_listen (ua->tp, SIP_TP_TCP, *bind ? bind : NULL,
                             sip_transport_get_port (ua->tp, SIP_TP_UDP), error))
    {
      g_prefix_error (error, "voip_control_port %u: ", port);
      sip_ua_free (ua);
      return NULL;
    }
  if (!sip_transport_set_tls_ca (ua->tp, desk_config_get_string (config, "sip_tls_ca_file"), error))
    {
      sip_ua_free (ua);
      return NULL;
    }
  for (guint i = 0; i < SIP_UA_LINES; i++)
    {
      ua->lines[i] = sip_line_new (ua, i + 1);
      ua->mwi[i] = sip_mwi_new (ua, i + 1);
    }
  ua->calls = sip_call_table_new ();
  ua->calls_by_call_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ua->config_sub = desk_bus_subscribe (bus, "config.changed", on_config_changed, ua, NULL);
  g_info ("SIP listening on UDP and TCP port %u", sip_transport_get_port (ua->tp, SIP_TP_UDP));
  return ua;
}

void
sip_ua_start (SipUa *ua)
{
  for (guint i = 0; i < SIP_UA_LINES; i++)
    sip_line_start (ua->lines[i]);
}

void
sip_ua_stop (SipUa *ua, guint timeout_ms)
{
  gboolean waiting = FALSE;
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  sip_call_end_all (ua);
  for (guint i = 0; i < SIP_UA_LINES; i++)
    sip_mwi_stop (ua->mwi[i]);
  for (guint i = 0; i < SIP_UA_LINES; i++)
    waiting |= sip_line_unregister (ua->lines[i]);
  /* The process is about to exit: give the un-REGISTERs (and their digest
   * round trip) a moment, bounded. */
  while (waiting && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      waiting = FALSE;
      for (guint i = 0; i < SIP_UA_LINES; i++)
        waiting |= sip_line_busy (ua->lines[i]);
      if (waiting)
        g_usleep (2000);
    }
}

void
sip_ua_free (SipUa *ua)
{
  if (!ua)
    return;
  if (ua->config_sub)
    desk_bus_unsubscribe (ua->bus, ua->config_sub);
  for (guint i = 0; i < SIP_UA_LINES; i++)
    {
      sip_mwi_free (ua->mwi[i]);
      sip_line_free (ua->lines[i]);
    }
  if (ua->calls)
    g_hash_table_unref (ua->calls);
  if (ua->calls_by_call_id)
    g_hash_table_unref (ua->calls_by_call_id);
  sip_tx_layer_free (ua->txl);
  sip_transport_free (ua->tp);
  g_free (ua->user_agent);
  g_free (ua->nat_learned);
  g_free (ua);
}

const char *
sip_ua_line_state (SipUa *ua, guint line)
{
  if (line < 1 || line > SIP_UA_LINES)
    return "disabled";
  return sip_line_state (ua->lines[line - 1]);
}

gboolean
sip_ua_set_registered (SipUa *ua, guint line, gboolean on, GError **error)
{
  if (line < 1 || line > SIP_UA_LINES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "no line %u (lines are 1..%d)",
                   line, SIP_UA_LINES);
      return FALSE;
    }
  if (on)
    sip_line_start (ua->lines[line - 1]);
  else
    sip_line_unregister (ua->lines[line - 1]);
  return TRUE;
}
