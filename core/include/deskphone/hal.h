/* deskphone HAL interfaces: what hardware plugins provide.
 *
 * Input devices (keypad, hook switch) publish what happens on the bus:
 *   "key.press"     {"key": s}        key names: "0".."9", "*", "#",
 *                                     "line1".."line6", "soft1".."soft4",
 *                                     "up", "down", "messages", "directories",
 *                                     "settings", "services", "headset",
 *                                     "speaker", "mute", "volume-up", ...
 *   "hook.offhook", "hook.onhook"      {}
 * and provide DeskInputIface under "input:keys" / "input:hook" so that tests
 * and scripts can drive them.  Output devices subscribe to the phone's
 * events ("lamp.set" {"lamp": s, "state": s}, "display.update" ...).
 * The audio device interface ("audio-device:NAME") arrives with the media
 * path. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DESK_INPUT_IFACE_VERSION 1

typedef struct {
  guint version; /* DESK_INPUT_IFACE_VERSION */
  /* Acts as if @key were pressed on the device.  Main thread. */
  void (*press) (gpointer instance, const char *key);
  /* Acts as if the handset were lifted (TRUE) or put down. */
  void (*set_hook) (gpointer instance, gboolean offhook);
} DeskInputIface;

G_END_DECLS
