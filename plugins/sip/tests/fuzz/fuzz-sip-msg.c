/* libFuzzer target for the SIP message parser (plugins/sip/msg.c, hdr.c):
 * sip_msg_parse(), sip_msg_serialize() and sip_msg_make_response().
 *
 * Beyond "no crash, no leak, no undefined behaviour" it checks:
 *   - every SipStr slice of a parsed message lies inside msg->buf, so no
 *     layer above reads bytes the message does not own;
 *   - a message parsed without complaint serializes to text that parses
 *     again, without complaint, with the same number of headers, the same
 *     Call-ID and the same CSeq (the transaction layer resends what
 *     sip_msg_serialize() writes);
 *   - the response built for a well-formed request (with a To tag, an
 *     rport/received fix-up and extra headers) parses as a valid response
 *     with the status, Call-ID and CSeq of the request;
 *   - building a response for any request that has the headers a response
 *     needs, however broken the rest, does not crash and gives SIP.
 * A broken invariant calls abort() after printing what differs, so
 * libFuzzer keeps the input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz-common.h"
#include "msg.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_slice (const SipMsg *msg, const char *what, SipStr s)
{
  if (!s.p)
    {
      if (s.len)
        fuzz_broken ("%s: NULL slice of length %" G_GSIZE_FORMAT, what, s.len);
      return;
    }
  if (s.p < msg->buf || s.p > msg->buf + msg->len || s.len > (gsize) (msg->buf + msg->len - s.p))
    fuzz_broken ("%s: slice [%p, +%" G_GSIZE_FORMAT ") outside the buffer [%p, +%" G_GSIZE_FORMAT ")",
            what, (void *) s.p, s.len, (void *) msg->buf, msg->len);
}

static void
check_slices (const SipMsg *m)
{
  check_slice (m, "method", m->method);
  check_slice (m, "ruri", m->ruri);
  check_slice (m, "reason", m->reason);
  check_slice (m, "body", m->body);
  for (guint i = 0; i < m->n_hdrs; i++)
    {
      check_slice (m, "header name", m->hdrs[i].name);
      check_slice (m, "header value", m->hdrs[i].value);
    }
  check_slice (m, "via.protocol", m->via.protocol);
  check_slice (m, "via.transport", m->via.transport);
  check_slice (m, "via.host", m->via.host);
  check_slice (m, "via.branch", m->via.branch);
  check_slice (m, "via.received", m->via.received);
  check_slice (m, "via.params", m->via.params);
  for (int i = 0; i < 2; i++)
    {
      const SipNameAddr *na = i ? &m->to : &m->from;
      check_slice (m, "name-addr display", na->display);
      check_slice (m, "name-addr uri", na->uri);
      check_slice (m, "name-addr params", na->params);
      check_slice (m, "name-addr tag", na->tag);
    }
  check_slice (m, "call_id", m->call_id);
  check_slice (m, "cseq_method", m->cseq_method);
  if (m->n_hdrs > SIP_MAX_HEADERS)
    fuzz_broken ("%u headers, over the limit of %d", m->n_hdrs, SIP_MAX_HEADERS);
}

static SipMsg *
reparse (const char *what, const GString *text)
{
  GError *error = NULL;
  SipMsg *again = sip_msg_parse (text->str, text->len, &error);
  if (!again)
    fuzz_broken ("%s does not parse (%s):\n%s", what, error->message, text->str);
  if (again->invalid_status)
    fuzz_broken ("%s is refused with %u %s:\n%s", what, again->invalid_status,
            again->invalid_reason, text->str);
  check_slices (again);
  return again;
}

static void
check_serialize (const SipMsg *msg)
{
  GString *text = sip_msg_serialize (msg);
  SipMsg *again = reparse ("the serialized message", text);

  if (again->n_hdrs != msg->n_hdrs)
    fuzz_broken ("%u headers became %u after serializing:\n%s", msg->n_hdrs, again->n_hdrs, text->str);
  if (!sip_str_eq_str (again->call_id, msg->call_id))
    fuzz_broken ("Call-ID '%.*s' became '%.*s'", (int) msg->call_id.len, msg->call_id.p,
            (int) again->call_id.len, again->call_id.p);
  if (again->cseq != msg->cseq || !sip_str_eq_str (again->cseq_method, msg->cseq_method))
    fuzz_broken ("CSeq %u %.*s became %u %.*s", msg->cseq, (int) msg->cseq_method.len,
            msg->cseq_method.p, again->cseq, (int) again->cseq_method.len, again->cseq_method.p);
  if (again->is_request != msg->is_request || again->status != msg->status)
    fuzz_broken ("the start line changed kind or status after serializing:\n%s", text->str);
  sip_msg_free (again);
  g_string_free (text, TRUE);
}

static void
check_response (SipMsg *req)
{
  static const guint statuses[] = { 100, 180, 200, 400, 488 };
  guint status = statuses[req->len % G_N_ELEMENTS (statuses)];
  GString *text;

  /* as the transport would leave it: a source that differs from sent-by,
   * so received= and rport are filled in */
  req->src_host = g_strdup ("192.0.2.7");
  req->src_port = 5062;
  text = sip_msg_make_response (req, status, req->len % 2 ? NULL : "Reason \"x\"\x01",
                                "fuzztag", "Warning: 399 fuzz \"x\"\r\n");
  if (!text)
    fuzz_broken ("no response for a request with Via, From, To, Call-ID and CSeq");
  if (!req->invalid_status)
    {
      SipMsg *resp = reparse ("the response to a well-formed request", text);
      if (resp->is_request || resp->status != status)
        fuzz_broken ("the response is not a %u:\n%s", status, text->str);
      if (!sip_str_eq_str (resp->call_id, req->call_id) || resp->cseq != req->cseq)
        fuzz_broken ("the response lost the Call-ID or CSeq:\n%s", text->str);
      if (status > 100 && !req->to.tag.p && !sip_str_eq (resp->to.tag, "fuzztag"))
        fuzz_broken ("the response has no To tag:\n%s", text->str);
      sip_msg_free (resp);
    }
  else
    {
      /* a broken request may give a broken response, but still SIP */
      SipMsg *resp = sip_msg_parse (text->str, text->len, NULL);
      if (!resp)
        fuzz_broken ("the response to a refused request is not SIP:\n%s", text->str);
      check_slices (resp);
      sip_msg_free (resp);
    }
  g_string_free (text, TRUE);
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
  GError *error = NULL;
  SipMsg *msg = sip_msg_parse ((const char *) data, size, &error);

  if (!msg)
    {
      if (!error || error->domain != SIP_MSG_ERROR)
        fuzz_broken ("sip_msg_parse failed without a SIP_MSG_ERROR");
      g_error_free (error);
      return 0;
    }
  if (error)
    fuzz_broken ("sip_msg_parse returned a message and set an error");
  check_slices (msg);
  if (msg->invalid_status && (msg->invalid_status < 400 || !msg->invalid_reason))
    fuzz_broken ("refused with %u and reason %s", msg->invalid_status, msg->invalid_reason);
  if (!msg->invalid_status)
    check_serialize (msg);
  if (msg->is_request && sip_msg_find (msg, SIP_HDR_VIA) && sip_msg_find (msg, SIP_HDR_FROM) &&
      sip_msg_find (msg, SIP_HDR_TO) && sip_msg_find (msg, SIP_HDR_CALL_ID) &&
      sip_msg_find (msg, SIP_HDR_CSEQ))
    check_response (msg);
  sip_msg_free (msg);
  return 0;
}
