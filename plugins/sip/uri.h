/* SIP, SIPS and tel URIs (RFC 3261 19.1, RFC 3966): parsing from slices,
 * parameter lookup, unescaping and the comparison rules of RFC 3261
 * 19.1.4.  Other schemes parse as SIP_URI_OTHER (the caller answers 416). */
#pragma once

#include "sip-str.h"

G_BEGIN_DECLS

typedef enum {
  SIP_URI_SIP,
  SIP_URI_SIPS,
  SIP_URI_TEL,
  SIP_URI_OTHER,
} SipUriScheme;

typedef struct {
  SipUriScheme scheme;
  SipStr scheme_str;
  SipStr user;     /* escaped as written; tel: the number */
  SipStr password;
  SipStr host;     /* IPv6 without [] */
  gboolean ipv6;
  guint16 port;    /* 0: not given */
  SipStr params;   /* raw ";a=b;c" */
  SipStr headers;  /* raw after '?' */
  SipStr opaque;   /* OTHER: everything after "scheme:" */
} SipUri;

/* Parses [p, p+len).  Returns FALSE with a short reason. */
gboolean sip_uri_parse (const char *p, gsize len, SipUri *uri, const char **why);

/* Looks up a URI parameter (case-insensitive name). */
gboolean sip_uri_param (const SipUri *uri, const char *name, SipStr *value);

/* Returns: (transfer full) @s with %HH escapes decoded, or NULL if an
 * escape is malformed or decodes to NUL. */
char *sip_unescape (SipStr s);

/* RFC 3261 19.1.4 equality of two SIP/SIPS URIs. */
gboolean sip_uri_equal (const SipUri *a, const SipUri *b);

G_END_DECLS
