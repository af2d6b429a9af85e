/* The signalling interface: what a "signalling:*" provider (the SIP plugin)
 * offers the phone application.  No SIP types cross it: lines are numbers
 * 1..6, states are words, and everything that happens is also published on
 * the bus:
 *
 *   "reg.state"  {"line": u, "state": s, "reason": s, "registrar": s,
 *                 "expires": i}
 *       state: "registered", "registering", "failed", "disabled"
 *
 * Calls arrive in a later interface version. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DESK_SIGNALLING_IFACE_VERSION 1

typedef struct {
  guint version; /* DESK_SIGNALLING_IFACE_VERSION */
  /* Registration state of line 1..6, as in "reg.state". */
  const char *(*line_state) (gpointer instance, guint line);
  /* Registers (TRUE) or unregisters (FALSE) a line now. */
  gboolean (*set_registered) (gpointer instance, guint line, gboolean on, GError **error);
} DeskSignallingIface;

G_END_DECLS
