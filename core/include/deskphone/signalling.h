/* The signalling interface: what a "signalling:*" provider (the SIP plugin)
 * offers the phone application.  No SIP types cross it: lines are numbers
 * 1..6, states are words, and everything that happens is also published on
 * the bus:
 *
 *   "reg.state"  {"line": u, "state": s, "reason": s, "registrar": s,
 *                 "expires": i}
 *       state: "registered", "registering", "failed", "disabled"
 *   "call.state" {"id": s, "line": u, "state": s, "direction": s,
 *                 "peer": s, "reason": s, "codec": s}
 *       state: "dialing", "proceeding", "ringback", "alerting", "connected",
 *              "held", "remote-held", "ended"
 *       direction: "outgoing", "incoming"
 *
 *   "mwi.state"  {"line": u, "waiting": b, "new": u, "old": u}
 *       message waiting (RFC 3842), from NOTIFYs the PBX sends
 *   "prov.check-sync" {"line": u}
 *       the PBX asks the phone to fetch its configuration again
 *
 * Call ids are short strings ("c3") valid until a few seconds after the
 * call's "ended" event. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DESK_SIGNALLING_IFACE_VERSION 2

typedef struct {
  guint version; /* DESK_SIGNALLING_IFACE_VERSION */
  /* Registration state of line 1..6, as in "reg.state". */
  const char *(*line_state) (gpointer instance, guint line);
  /* Registers (TRUE) or unregisters (FALSE) a line now. */
  gboolean (*set_registered) (gpointer instance, guint line, gboolean on, GError **error);

  /* Version 2: calls. */
  /* Calls @target (a sip:/tel: URI, a number sent through the line's
   * proxy, or an IP address) from @line.  Returns: (transfer full) the call
   * id, or NULL with @error. */
  char *(*dial) (gpointer instance, guint line, const char *target, GError **error);
  gboolean (*answer) (gpointer instance, const char *call_id, GError **error);
  /* Cancels, rejects or ends the call, whatever its state. */
  gboolean (*hangup) (gpointer instance, const char *call_id, GError **error);
  gboolean (*hold) (gpointer instance, const char *call_id, gboolean hold, GError **error);
  /* State of a call as in "call.state", NULL for an unknown id. */
  const char *(*call_state) (gpointer instance, const char *call_id);
  /* Ids of the calls not yet forgotten.  Returns: (transfer full). */
  GStrv (*list_calls) (gpointer instance);
  /* Blind transfer of the call's peer to @target (REFER); the call ends
   * ("transferred to ...") when the peer reports success. */
  gboolean (*transfer) (gpointer instance, const char *call_id, const char *target,
                        GError **error);
  /* Attended transfer: connect the peers of @call_id and @other_id and
   * leave (REFER with Replaces). */
  gboolean (*transfer_attended) (gpointer instance, const char *call_id, const char *other_id,
                                 GError **error);
} DeskSignallingIface;

G_END_DECLS
