/* scale-server-gossl.c: the scale benchmark's echo server with gossl
 * (GosslTlsService handing over GosslTlsStreams), one main loop per thread
 *
 *   scale-server-gossl CERT.pem KEY.pem [--threads N] [--streams]
 *
 * Each connection is answered the way the docs advise servers to:
 * GosslTlsStream:receiving on, a GosslTlsStream::received handler that
 * sends what came back with gossl_tls_stream_send_bytes(). With
 * --streams, the GIO way instead, as the glib-networking server does:
 * g_input_stream_read_async() and g_output_stream_write_all_async() per
 * message (scale-server-common.c).
 *
 * With --threads 1 (the default) one thread and one main loop do
 * everything. With N > 1 there is one GosslTlsService per thread, each on
 * the thread's own GMainContext, all listening on one port with
 * gossl_tls_service_add_shared_address() (SO_REUSEPORT): the kernel
 * spreads the connections over them, and each thread echoes the
 * connections its service accepted. The main thread is the first of the
 * N: its loop also runs the 10 ms timer and takes the signals, so the
 * timer gap is that of a loop serving about 1/N of the connections. See
 * scale-server-common.h for what it prints and the signals it takes.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "scale-server-common.h"

#include <gossl/gossl.h>
#include <stdio.h>
#include <string.h>

static gboolean gio_streams;

static void
received (GosslTlsStream *stream, GBytes *bytes, gpointer user_data)
{
  /* Empty: the client's close_notify. A failed send is reported by
   * ::error. */
  if (g_bytes_get_size (bytes) == 0 || !gossl_tls_stream_send_bytes (stream, bytes, NULL))
    g_io_stream_close_async (G_IO_STREAM (stream), G_PRIORITY_DEFAULT, NULL, NULL, NULL);
}

static void
failed (GosslTlsStream *stream, GError *error, gpointer user_data)
{
  g_io_stream_close_async (G_IO_STREAM (stream), G_PRIORITY_DEFAULT, NULL, NULL, NULL);
}

static void
incoming (GosslTlsService *service,
          GosslTlsStream  *stream,
          gpointer         user_data)
{
  /* The handshake is done. This runs on the thread that started the
   * service, and the echo's reads and writes stay on that thread's main
   * context. */
  if (gio_streams)
    {
      /* The stream is ours once we keep a reference. */
      scale_echo_start (G_IO_STREAM (g_object_ref (stream)));
      return;
    }
  g_signal_connect (stream, "received", G_CALLBACK (received), NULL);
  g_signal_connect (stream, "error", G_CALLBACK (failed), NULL);
  /* A receiving stream keeps itself until its client goes. */
  gossl_tls_stream_set_receiving (stream, TRUE);
}

/* The accept part, all of it: a GosslTlsService accepts a batch of
 * connections per main-loop dispatch, runs their handshakes and hands
 * over each stream. Returns the port. */
static guint16
start_accepting (GosslContext *context, GError **error)
{
  GosslTlsService *service = gossl_tls_service_new (context);
  guint16 port = scale_listen (G_SOCKET_LISTENER (service), error);

  if (port == 0)
    return 0;
  g_signal_connect (service, "incoming", G_CALLBACK (incoming), NULL);
  gossl_tls_service_start (service);
  return port;
}

/* A service on @address shared with the other threads' services; NULL
 * on error. The first one binds port 0 and gives the address the system
 * picked in @effective_address. */
static GosslTlsService *
shared_service (GosslContext    *context,
                GSocketAddress  *address,
                GSocketAddress **effective_address,
                GError         **error)
{
  g_autoptr(GosslTlsService) service = gossl_tls_service_new (context);

  /* Before binding: the shared socket takes the backlog set now. */
  g_socket_listener_set_backlog (G_SOCKET_LISTENER (service), SCALE_BACKLOG);
  if (!gossl_tls_service_add_shared_address (service, address, effective_address, error))
    return NULL;
  g_signal_connect (service, "incoming", G_CALLBACK (incoming), NULL);
  return g_steal_pointer (&service);
}

/* One thread besides the main one: its own main context, thread-default
 * before the service starts so that the service, its handshakes and the
 * echoes of its connections all run here. Runs until the process ends. */
static gpointer
serve_on_own_context (gpointer data)
{
  GosslTlsService *service = data;
  GMainContext *context = g_main_context_new ();
  GMainLoop *loop = g_main_loop_new (context, FALSE);

  g_main_context_push_thread_default (context);
  gossl_tls_service_start (service);
  g_main_loop_run (loop);
  return NULL;
}

/* @n_threads services on one shared loopback port: the first on the
 * main thread's (default) context, started here; the others each on a
 * thread of its own. Returns the port, 0 on error. */
static guint16
start_accepting_shared (GosslContext *context, guint n_threads, GError **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) shared = NULL;
  GosslTlsService *first = shared_service (context, any_port, &shared, error);

  if (first == NULL)
    return 0;
  for (guint i = 1; i < n_threads; i++)
    {
      GosslTlsService *service = shared_service (context, shared, NULL, error);

      if (service == NULL)
        return 0;
      g_thread_unref (g_thread_new ("scale-server", serve_on_own_context, service));
    }
  gossl_tls_service_start (first);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (shared));
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslContext) context = NULL;
  guint64 n_threads = 1;
  guint16 port;

  gboolean usage_ok = argc >= 3;

  for (int i = 3; i < argc && usage_ok; i++)
    {
      if (strcmp (argv[i], "--streams") == 0)
        gio_streams = TRUE;
      else if (strcmp (argv[i], "--threads") == 0 && i + 1 < argc)
        n_threads = g_ascii_strtoull (argv[++i], NULL, 10);
      else
        usage_ok = FALSE;
    }
  if (!usage_ok || n_threads < 1 || n_threads > 64)
    {
      g_printerr ("Usage: %s CERT.pem KEY.pem [--threads N] [--streams]\n", argv[0]);
      return 2;
    }
  /* One context for every thread: a context may be shared once set up. */
  context = gossl_context_new (GOSSL_METHOD_TLS_SERVER, &error);
  if (context == NULL ||
      !gossl_context_use_certificate_file (context, argv[1], GOSSL_FILETYPE_PEM, &error) ||
      !gossl_context_use_privatekey_file (context, argv[2], GOSSL_FILETYPE_PEM, &error))
    goto failed;
  /* One thread keeps the plain listener of the one-thread comparison. */
  if (n_threads == 1)
    port = start_accepting (context, &error);
  else
    port = start_accepting_shared (context, (guint) n_threads, &error);
  if (port == 0)
    goto failed;
  return scale_server_run (port);

failed:
  g_printerr ("scale-server-gossl: %s\n", error->message);
  return 1;
}
