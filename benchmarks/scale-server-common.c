/* scale-server-common.c: the echo, the timer and the main loop the C
 * servers of the scale benchmark share
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "scale-server-common.h"

#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>

/* Per connection: big enough for the 64-byte messages with room to spare,
 * small enough not to dominate the memory per connection. */
#define ECHO_BUFFER 4096
#define TICK_MS 10

typedef struct {
  GIOStream *tls;
  guint8     buf[ECHO_BUFFER];
} Echo;

static gint64 last_tick;
static gint64 longest_gap;

static void echo_read (Echo *echo);

static void
echo_free (Echo *echo)
{
  /* Closing sends close_notify when the peer is still there; its outcome
   * does not matter to an echo server whose client is gone. */
  g_io_stream_close_async (echo->tls, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_object_unref (echo->tls);
  g_free (echo);
}

static void
echo_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Echo *echo = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      echo_free (echo);
      return;
    }
  echo_read (echo);
}

static void
echo_got (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Echo *echo = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0)
    {
      echo_free (echo);
      return;
    }
  g_output_stream_write_all_async (g_io_stream_get_output_stream (echo->tls), echo->buf, n,
                                   G_PRIORITY_DEFAULT, NULL, echo_written, echo);
}

static void
echo_read (Echo *echo)
{
  g_input_stream_read_async (g_io_stream_get_input_stream (echo->tls), echo->buf,
                             sizeof echo->buf, G_PRIORITY_DEFAULT, NULL, echo_got, echo);
}

void
scale_echo_start (GIOStream *tls)
{
  Echo *echo = g_new (Echo, 1);

  echo->tls = tls;
  echo_read (echo);
}

guint16
scale_listen (GSocketListener *listener, GError **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_socket_listener_set_backlog (listener, SCALE_BACKLOG);
  if (!g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &bound, error))
    return 0;
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static gboolean
tick (gpointer user_data)
{
  gint64 t = g_get_monotonic_time ();

  if (t - last_tick > longest_gap)
    longest_gap = t - last_tick;
  last_tick = t;
  return G_SOURCE_CONTINUE;
}

static gboolean
reset_gap (gpointer user_data)
{
  longest_gap = 0;
  last_tick = g_get_monotonic_time ();
  return G_SOURCE_CONTINUE;
}

static gboolean
print_gap (gpointer user_data)
{
  /* The gap still open counts too: a loop stuck until now has not ticked. */
  tick (NULL);
  printf ("gap_ms %.3f\n", longest_gap / 1000.0);
  fflush (stdout);
  return G_SOURCE_CONTINUE;
}

int
scale_server_run (guint16 port)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  last_tick = g_get_monotonic_time ();
  g_timeout_add (TICK_MS, tick, NULL);
  g_unix_signal_add (SIGUSR1, reset_gap, NULL);
  g_unix_signal_add (SIGUSR2, print_gap, NULL);
  printf ("listening %u\n", port);
  fflush (stdout);
  g_main_loop_run (loop);
  return 0;
}
