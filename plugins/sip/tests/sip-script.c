/* A test driver plugin: plays a script of phone actions against whatever
 * provides "signalling:*", through the real DeskSignallingIface, so that
 * end-to-end tests can make the phone dial, answer, hold and hang up
 * before the phone application and its control socket exist.
 *
 * The script comes from the environment, DESKPHONE_SIP_SCRIPT, commands
 * separated by ';':
 *   dial LINE TARGET    wait STATE [SECONDS]    answer    hangup
 *   hold    resume      sleep MS                quit
 *   transfer TARGET     (blind transfer of the current call)
 *   xfer-attended       (attended transfer: the first call's peer to the
 *                        current call's peer, RFC 3891 Replaces)
 * "wait" waits for the current call to reach STATE (a call.state word);
 * the first incoming or dialled call becomes the current call.  Each step
 * is logged as "script: ..." and a failure as "script: FAILED ...", which
 * also quits the phone. */
#include <stdio.h>
#include <stdlib.h>

#include <deskphone/deskphone.h>

typedef struct {
  DeskPlugin *plugin;
  const DeskSignallingIface *sig;
  gpointer inst;
  char **steps;
  guint pc;
  char *call;
  char *first_call;
  char *state;
  char *waiting_for;
  guint wait_timer, sleep_id, sub;
} Script;

static void step (Script *s);

static void
say (const char *fmt, ...) G_GNUC_PRINTF (1, 2);

static void
say (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  fputs ("script: ", stderr);
  vfprintf (stderr, fmt, ap);
  fputc ('\n', stderr);
  va_end (ap);
}

static void
fail (Script *s, const char *what)
{
  say ("FAILED at step %u (%s): %s", s->pc, s->steps[s->pc - 1], what);
  desk_plugin_request_quit (s->plugin);
  s->pc = g_strv_length (s->steps); /* no more steps */
}

static gboolean
on_wait_timeout (gpointer data)
{
  Script *s = data;
  g_autofree char *msg = g_strdup_printf ("call state is '%s', not '%s'",
                                          s->state ? s->state : "none", s->waiting_for);
  s->wait_timer = 0;
  g_clear_pointer (&s->waiting_for, g_free);
  fail (s, msg);
  return G_SOURCE_REMOVE;
}

static gboolean
resume (gpointer data)
{
  Script *s = data;
  s->sleep_id = 0;
  step (s);
  return G_SOURCE_REMOVE;
}

static void
on_call_state (const char *topic, GVariant *payload, gpointer data)
{
  Script *s = data;
  const char *id = NULL, *state = NULL;
  g_variant_lookup (payload, "id", "&s", &id);
  g_variant_lookup (payload, "state", "&s", &state);
  if (!s->first_call)
    s->first_call = g_strdup (id);
  if (!s->call)
    s->call = g_strdup (id);
  if (g_strcmp0 (s->call, id) != 0)
    return;
  g_free (s->state);
  s->state = g_strdup (state);
  if (s->waiting_for && !g_strcmp0 (s->waiting_for, state))
    {
      g_clear_pointer (&s->waiting_for, g_free);
      g_clear_handle_id (&s->wait_timer, g_source_remove);
      say ("call %s is %s", s->call, state);
      g_idle_add (resume, s);
    }
}

static void
step (Script *s)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) w = NULL;
  gboolean ok = TRUE;

  if (!s->steps[s->pc])
    return;
  w = g_strsplit (g_strstrip (s->steps[s->pc++]), " ", 3);
  if (!w[0] || !*w[0])
    return step (s);
  if (!strcmp (w[0], "dial") && w[1] && w[2])
    {
      char *id = s->sig->dial (s->inst, atoi (w[1]), w[2], &error);
      ok = id != NULL;
      if (ok)
        {
          g_free (s->call);
          s->call = id;
          if (!s->first_call)
            s->first_call = g_strdup (id);
          g_free (s->state);
          s->state = NULL;
          say ("dialled %s as %s", w[2], id);
        }
    }
  else if (!strcmp (w[0], "wait") && w[1])
    {
      if (g_strcmp0 (s->state, w[1]) == 0)
        {
          say ("call %s is %s", s->call, w[1]);
          return step (s);
        }
      s->waiting_for = g_strdup (w[1]);
      s->wait_timer = g_timeout_add_seconds (w[2] ? atoi (w[2]) : 10, on_wait_timeout, s);
      return;
    }
  else if (!strcmp (w[0], "sleep") && w[1])
    {
      s->sleep_id = g_timeout_add (atoi (w[1]), resume, s);
      return;
    }
  else if (!strcmp (w[0], "answer"))
    ok = s->call && s->sig->answer (s->inst, s->call, &error);
  else if (!strcmp (w[0], "hangup"))
    ok = s->call && s->sig->hangup (s->inst, s->call, &error);
  else if (!strcmp (w[0], "hold") || !strcmp (w[0], "resume"))
    ok = s->call && s->sig->hold (s->inst, s->call, !strcmp (w[0], "hold"), &error);
  else if (!strcmp (w[0], "transfer") && w[1])
    {
      g_autofree char *target = w[2] ? g_strjoin (" ", w[1], w[2], NULL) : g_strdup (w[1]);
      ok = s->call && s->sig->transfer (s->inst, s->call, target, &error);
    }
  else if (!strcmp (w[0], "xfer-attended"))
    ok = s->first_call && s->call &&
         s->sig->transfer_attended (s->inst, s->first_call, s->call, &error);
  else if (!strcmp (w[0], "quit"))
    {
      say ("done");
      desk_plugin_request_quit (s->plugin);
      return;
    }
  else
    {
      fail (s, "unknown command");
      return;
    }
  if (!ok)
    {
      fail (s, error ? error->message : "no current call");
      return;
    }
  step (s);
}

static void
on_started (const char *topic, GVariant *payload, gpointer data)
{
  step (data);
}

static gboolean
script_init (DeskPlugin *plugin, GError **error)
{
  Script *s = g_new0 (Script, 1);
  const DeskProvider *p;
  s->plugin = plugin;
  desk_plugin_set_data (plugin, s);
  p = desk_registry_lookup (desk_plugin_get_registry (plugin), "signalling:sip", 2, error);
  if (!p)
    return FALSE;
  s->sig = p->iface;
  s->inst = p->instance;
  s->steps = g_strsplit (g_getenv ("DESKPHONE_SIP_SCRIPT") ? g_getenv ("DESKPHONE_SIP_SCRIPT") : "",
                         ";", -1);
  return TRUE;
}

static gboolean
script_start (DeskPlugin *plugin, GError **error)
{
  Script *s = desk_plugin_get_data (plugin);
  DeskBus *bus = desk_plugin_get_bus (plugin);
  s->sub = desk_bus_subscribe (bus, "call.state", on_call_state, s, NULL);
  desk_bus_subscribe (bus, "core.started", on_started, s, NULL);
  return TRUE;
}

static void
script_fini (DeskPlugin *plugin)
{
  Script *s = desk_plugin_get_data (plugin);
  g_clear_handle_id (&s->wait_timer, g_source_remove);
  g_clear_handle_id (&s->sleep_id, g_source_remove);
  g_strfreev (s->steps);
  g_free (s->call);
  g_free (s->first_call);
  g_free (s->state);
  g_free (s->waiting_for);
  g_free (s);
}

static const DeskCapDecl requires[] = {
  { "signalling:sip", NULL, 2 },
  DESK_CAP_END,
};

DESK_PLUGIN_DEFINE (
  .name = "sip-script",
  .version = "0.1.0",
  .description = "Test driver: plays a script of call actions (DESKPHONE_SIP_SCRIPT)",
  .kind = DESK_PLUGIN_KIND_APP,
  .requires = requires,
  .init = script_init,
  .start = script_start,
  .fini = script_fini);
