/* SIP messages (RFC 3261 section 7): parsing from (buf, len), access to
 * headers, and building new messages.
 *
 * sip_msg_parse() copies the bytes once and parses in place: header names,
 * values and the body are SipStr slices of the copy.  Folded header lines
 * are unfolded in the copy.  The headers every layer needs (top Via, From,
 * To, Call-ID, CSeq, Max-Forwards, Content-Length) are parsed at once;
 * others on demand.
 *
 * A message that is syntactically broken but answerable (it has what a
 * response needs) comes back with invalid_status set (400, 505, ...) and a
 * reason phrase that says what is wrong; a UAS answers it with
 * sip_msg_make_response(), a UAC drops it.  Bytes that are not a SIP
 * message at all give NULL. */
#pragma once

#include <glib.h>

#include "sip-str.h"

G_BEGIN_DECLS

#define SIP_MSG_ERROR (sip_msg_error_quark ())
GQuark sip_msg_error_quark (void);

typedef enum {
  SIP_MSG_ERROR_NOT_SIP,   /* no SIP start line: drop */
  SIP_MSG_ERROR_TRUNCATED, /* headers not terminated / body short (stream) */
  SIP_MSG_ERROR_TOO_LARGE,
} SipMsgError;

#define SIP_MAX_MESSAGE (64 * 1024)
#define SIP_MAX_HEADERS 128

typedef enum {
  SIP_METHOD_UNKNOWN,
  SIP_METHOD_INVITE,
  SIP_METHOD_ACK,
  SIP_METHOD_BYE,
  SIP_METHOD_CANCEL,
  SIP_METHOD_REGISTER,
  SIP_METHOD_OPTIONS,
  SIP_METHOD_INFO,
  SIP_METHOD_PRACK,
  SIP_METHOD_UPDATE,
  SIP_METHOD_SUBSCRIBE,
  SIP_METHOD_NOTIFY,
  SIP_METHOD_REFER,
  SIP_METHOD_MESSAGE,
  SIP_METHOD_PUBLISH,
} SipMethod;

typedef enum {
  SIP_HDR_OTHER,
  SIP_HDR_ACCEPT,
  SIP_HDR_ACCEPT_ENCODING,
  SIP_HDR_ACCEPT_LANGUAGE,
  SIP_HDR_ALERT_INFO,
  SIP_HDR_ALLOW,
  SIP_HDR_ALLOW_EVENTS,
  SIP_HDR_ALSO,
  SIP_HDR_AUTHORIZATION,
  SIP_HDR_CALL_ID,
  SIP_HDR_CALL_INFO,
  SIP_HDR_CONTACT,
  SIP_HDR_CONTENT_DISPOSITION,
  SIP_HDR_CONTENT_ENCODING,
  SIP_HDR_CONTENT_LENGTH,
  SIP_HDR_CONTENT_TYPE,
  SIP_HDR_CSEQ,
  SIP_HDR_DATE,
  SIP_HDR_EVENT,
  SIP_HDR_EXPIRES,
  SIP_HDR_FROM,
  SIP_HDR_MAX_FORWARDS,
  SIP_HDR_MIN_EXPIRES,
  SIP_HDR_P_ASSERTED_IDENTITY,
  SIP_HDR_PROXY_AUTHENTICATE,
  SIP_HDR_PROXY_AUTHORIZATION,
  SIP_HDR_PROXY_REQUIRE,
  SIP_HDR_RECORD_ROUTE,
  SIP_HDR_REFER_TO,
  SIP_HDR_REFERRED_BY,
  SIP_HDR_REMOTE_PARTY_ID,
  SIP_HDR_REPLACES,
  SIP_HDR_REQUESTED_BY,
  SIP_HDR_REQUIRE,
  SIP_HDR_RETRY_AFTER,
  SIP_HDR_ROUTE,
  SIP_HDR_SERVER,
  SIP_HDR_SUBJECT,
  SIP_HDR_SUBSCRIPTION_STATE,
  SIP_HDR_SUPPORTED,
  SIP_HDR_TIMESTAMP,
  SIP_HDR_TO,
  SIP_HDR_UNSUPPORTED,
  SIP_HDR_USER_AGENT,
  SIP_HDR_VIA,
  SIP_HDR_WARNING,
  SIP_HDR_WWW_AUTHENTICATE,
  SIP_HDR__COUNT,
} SipHdrId;

typedef struct {
  SipHdrId id;
  SipStr name;  /* as written (may be compact) */
  SipStr value; /* trimmed, unfolded; may hold several comma-separated values */
} SipHdr;

/* A Via value (RFC 3261 20.42). */
typedef struct {
  SipStr protocol;  /* "SIP/2.0" */
  SipStr transport; /* "UDP", "TCP", "TLS", ... */
  SipStr host;      /* without [] for IPv6 */
  guint16 port;     /* 0: not given */
  SipStr branch;
  SipStr received;
  gboolean has_rport;
  guint16 rport; /* 0 when "rport" has no value */
  SipStr params; /* raw ";..." */
} SipVia;

/* name-addr / addr-spec with header parameters (From, To, Contact, ...). */
typedef struct {
  SipStr display; /* unquoted display name, may be empty */
  SipStr uri;     /* without <> */
  SipStr params;  /* raw ";..." after the URI */
  SipStr tag;
  gboolean star;  /* Contact: * */
} SipNameAddr;

typedef struct {
  char *buf; /* owned copy */
  gsize len;

  gboolean is_request;
  /* request */
  SipStr method;
  SipMethod method_id;
  SipStr ruri;
  /* response */
  guint status;
  SipStr reason;

  SipHdr *hdrs;
  guint n_hdrs;
  SipStr body;

  /* parsed at once; unset slices mean the header is missing */
  SipVia via; /* top Via */
  guint n_via;
  SipNameAddr from, to;
  SipStr call_id;
  guint32 cseq;
  SipStr cseq_method;
  SipMethod cseq_method_id;
  gint max_forwards;      /* -1: absent */
  gint64 content_length;  /* -1: absent */

  /* where it came from (set by the transport): a response to it gets
   * ;received= and ;rport=N on the top Via (RFC 3261 18.2.1, RFC 3581) */
  char *src_host;
  guint16 src_port;

  /* non-zero when the message must be refused: the status to answer with
   * and a reason phrase that says what is wrong */
  guint invalid_status;
  char *invalid_reason;

  SipHdr hdrs_inline[24];
} SipMsg;

/* Parses one message.  For datagrams @len is the whole datagram; bytes
 * beyond Content-Length are ignored (RFC 3261 18.3).  Returns: (transfer
 * full) a message (check invalid_status), or NULL with @error when the bytes
 * are not an answerable SIP message. */
SipMsg *sip_msg_parse (const char *buf, gsize len, GError **error);
void sip_msg_free (SipMsg *msg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SipMsg, sip_msg_free)

/* For stream transports: the length of the first complete message in
 * @buf, 0 if more bytes are needed, -1 with @error if the stream is
 * unusable (no Content-Length, oversize headers). */
gssize sip_msg_frame (const char *buf, gsize len, GError **error);

SipMethod sip_method_from_str (SipStr s);
const char *sip_method_to_string (SipMethod m);
/* The canonical (long) name of a header id. */
const char *sip_hdr_name (SipHdrId id);
/* Header id of a name, compact forms included ("v" -> SIP_HDR_VIA). */
SipHdrId sip_hdr_id (SipStr name);

/* The first header with @id, or NULL. */
const SipHdr *sip_msg_find (const SipMsg *msg, SipHdrId id);
/* The first header named @name (case-insensitive, compact forms too). */
const SipHdr *sip_msg_find_name (const SipMsg *msg, const char *name);
/* Number of comma-separated values in all headers with @id. */
guint sip_msg_count_values (const SipMsg *msg, SipHdrId id);

/* Calls @func for each comma-separated value of each header with @id, in
 * order, commas inside quotes and <> excepted; stops when @func returns
 * FALSE.  Returns FALSE if a value list is malformed (unbalanced quotes). */
typedef gboolean (*SipValueFunc) (SipStr value, gpointer data);
gboolean sip_msg_foreach_value (const SipMsg *msg, SipHdrId id,
                                SipValueFunc func, gpointer data);
/* The same over one header value. */
gboolean sip_split_values (SipStr value, SipValueFunc func, gpointer data);

/* The first of the comma-separated values of @value (the top Via of a Via
 * header line); unset if there is none. */
SipStr sip_first_value (SipStr value);

/* Header-value parsers.  Each returns FALSE with a short reason. */
gboolean sip_parse_via (SipStr value, SipVia *via, const char **why);
gboolean sip_parse_name_addr (SipStr value, SipNameAddr *na, const char **why);
/* Looks up parameter @name in a raw ";a=b;c" list.  A parameter without a
 * value gives an empty, set slice. */
gboolean sip_param_get (SipStr params, const char *name, SipStr *value);

/* Builds a response to @req per RFC 3261 8.2.6: Via, From, To (adding
 * @to_tag when To has none and @to_tag is set), Call-ID, CSeq copied.
 * @reason NULL uses the standard phrase.  Returns: (transfer full) the
 * serialized headers, ending with the blank line unless @extra_headers is
 * set (then @extra_headers, already CRLF-terminated, then the blank line);
 * Content-Length: 0. */
GString *sip_msg_make_response (const SipMsg *req, guint status, const char *reason,
                                const char *to_tag, const char *extra_headers);

/* The same with a body: @content_type and @body (may be NULL/0). */
GString *sip_msg_make_response_full (const SipMsg *req, guint status, const char *reason,
                                     const char *to_tag, const char *extra_headers,
                                     const char *content_type, const char *body,
                                     gsize body_len);

/* Standard reason phrase of a status code ("Not Found"), or "Unknown". */
const char *sip_status_phrase (guint status);

/* Serializes @msg again (start line, headers in order with their written
 * names, body).  Returns: (transfer full). */
GString *sip_msg_serialize (const SipMsg *msg);

G_END_DECLS
