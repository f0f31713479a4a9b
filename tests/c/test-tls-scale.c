/* test-tls-scale.c: hundreds of TLS streams on one main loop, served by a
 * GosslTlsService
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "tls-helpers.h"

#include <stdio.h>

/* Both ends of every connection live in this process: a pair is a client
 * and a server stream. */
#define N_PAIRS      256
#define MESSAGE_SIZE 16000

/* What a pair may keep once its handshake is done and a 16,000-byte
 * message went both ways: a stream keeps about 18 KiB (measured
 * 17.9-18.5 KiB on a server holding 1,000-2,000 connections), two
 * streams a pair; the bound leaves room for malloc's slack. Before the
 * streams released their buffers, a pair kept about 220 KiB; now about
 * 46 KiB (resident size, malloc's slack included). */
#define MAX_KIB_PER_PAIR 64

/* The I/O runs with non-blocking calls from pollable sources into this
 * one buffer, so that the memory measured is the streams', not the
 * test's. */
static guint8 scratch[MESSAGE_SIZE];

static guint8
pattern (guint index, gsize offset)
{
  return (guint8) (index * 131 + offset * 7 + offset / 251);
}

typedef struct {
  GMainLoop       *loop;
  GosslTlsService *service;
  GPtrArray       *servers;   /* the streams incoming gave, referenced */
  guint            expected;  /* clients to run */
  guint            started;
  GosslContext    *client_ctx;
  guint16          port;
  GPtrArray       *clients;   /* Client */
  guint            echoed;    /* clients whose whole message came back */
  guint            failed;
} Scale;

typedef struct {
  Scale          *scale;
  GosslTlsStream *stream;
  guint           index;
  gsize           sent;
  gsize           received;
} Client;

typedef struct {
  Scale          *scale;
  GosslTlsStream *stream;
  gsize           pending;   /* read and not yet written back */
  gsize           echoed;
} Echo;

static void client_wait (Client *client, gboolean for_output);
static void start_client (Scale *scale);
static void echo_wait (Echo *echo, gboolean for_output);

static gboolean
client_ready (GObject *pollable, gpointer data)
{
  Client *client = data;
  GError *error = NULL;

  while (client->sent < MESSAGE_SIZE)
    {
      gsize count = MESSAGE_SIZE - client->sent;
      gssize n;

      /* A write that would block is repeated with the same bytes. */
      for (gsize i = 0; i < count; i++)
        scratch[i] = pattern (client->index, client->sent + i);
      n = g_pollable_output_stream_write_nonblocking (
            G_POLLABLE_OUTPUT_STREAM (g_io_stream_get_output_stream (G_IO_STREAM (client->stream))),
            scratch, count, NULL, &error);
      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_clear_error (&error);
          client_wait (client, TRUE);
          return G_SOURCE_REMOVE;
        }
      g_assert_no_error (error);
      client->sent += (gsize) n;
    }
  while (client->received < MESSAGE_SIZE)
    {
      gssize n = g_pollable_input_stream_read_nonblocking (
                   G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (G_IO_STREAM (client->stream))),
                   scratch, sizeof scratch, NULL, &error);

      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_clear_error (&error);
          client_wait (client, FALSE);
          return G_SOURCE_REMOVE;
        }
      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_assert_cmpuint (client->received + (gsize) n, <=, MESSAGE_SIZE);
      for (gssize i = 0; i < n; i++)
        if (scratch[i] != pattern (client->index, client->received + (gsize) i))
          {
            client->scale->failed++;
            g_main_loop_quit (client->scale->loop);
            return G_SOURCE_REMOVE;
          }
      client->received += (gsize) n;
    }
  if (++client->scale->echoed == client->scale->expected)
    g_main_loop_quit (client->scale->loop);
  else if (client->scale->started < client->scale->expected)
    start_client (client->scale);
  return G_SOURCE_REMOVE;
}

static void
client_wait (Client *client, gboolean for_output)
{
  GIOStream *io = G_IO_STREAM (client->stream);
  g_autoptr(GSource) source =
    for_output ?
    g_pollable_output_stream_create_source (G_POLLABLE_OUTPUT_STREAM (g_io_stream_get_output_stream (io)),
                                            NULL) :
    g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (io)),
                                           NULL);

  g_source_set_callback (source, (GSourceFunc) (void (*) (void)) client_ready, client, NULL);
  g_source_attach (source, NULL);
}

/* Echoes what it reads until the whole message went back, then waits
 * for the client's close like an idle server connection. */
static gboolean
echo_ready (GObject *pollable, gpointer data)
{
  Echo *echo = data;
  GIOStream *io = G_IO_STREAM (echo->stream);
  GError *error = NULL;

  for (;;)
    {
      gssize n;

      if (echo->pending == 0)
        {
          n = g_pollable_input_stream_read_nonblocking (
                G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (io)),
                scratch, sizeof scratch, NULL, &error);
          if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            {
              g_clear_error (&error);
              echo_wait (echo, FALSE);
              return G_SOURCE_REMOVE;
            }
          if (n <= 0)
            {
              /* The client closed: done. */
              g_clear_error (&error);
              g_free (echo);
              return G_SOURCE_REMOVE;
            }
          echo->pending = (gsize) n;
        }
      /* The bytes read are still in scratch: nothing else ran since. */
      n = g_pollable_output_stream_write_nonblocking (
            G_POLLABLE_OUTPUT_STREAM (g_io_stream_get_output_stream (io)),
            scratch, echo->pending, NULL, &error);
      /* Loopback takes 16,000 bytes at once; a test that had to keep
       * them would measure its own buffers. */
      g_assert_no_error (error);
      g_assert_cmpint (n, ==, (gssize) echo->pending);
      echo->echoed += (gsize) n;
      echo->pending = 0;
    }
}

static void
echo_wait (Echo *echo, gboolean for_output)
{
  GIOStream *io = G_IO_STREAM (echo->stream);
  g_autoptr(GSource) source =
    g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (io)),
                                           NULL);

  g_assert_false (for_output);
  g_source_set_callback (source, (GSourceFunc) (void (*) (void)) echo_ready, echo, NULL);
  g_source_attach (source, NULL);
}

static void
incoming (GosslTlsService *service, GosslTlsStream *stream, gpointer data)
{
  Scale *scale = data;
  Echo *echo = g_new0 (Echo, 1);

  /* The service hands the stream over with its handshake done. */
  g_assert_cmpint (gossl_tls_stream_get_protocol_version (stream), ==, G_TLS_PROTOCOL_VERSION_TLS_1_3);
  g_ptr_array_add (scale->servers, g_object_ref (stream));
  echo->scale = scale;
  echo->stream = stream;
  echo_wait (echo, FALSE);
}

static long
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmRSS:");
  g_assert_nonnull (line);
  return atol (line + strlen ("VmRSS:"));
}

static GosslContext *
ecdsa_server_context (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cert = gossl_test_file_path ("ecdsa.pem");
  g_autofree char *key = gossl_test_file_path ("ecdsa.key");
  GosslContext *ctx = gossl_context_new (GOSSL_METHOD_TLS_SERVER, &error);

  g_assert_no_error (error);
  g_assert_true (gossl_context_use_certificate_file (ctx, cert, GOSSL_FILETYPE_PEM, &error));
  g_assert_true (gossl_context_use_privatekey_file (ctx, key, GOSSL_FILETYPE_PEM, &error));
  g_assert_no_error (error);
  /* An OpenSSL 3.0 client that reads a session ticket keeps the 16 KB
   * buffer it read it with; a server of many clients is measured here,
   * not its clients. */
  SSL_CTX_set_num_tickets (gossl_context_get_native (ctx), 0);
  return ctx;
}

/* A service on 127.0.0.1 (its port in *@port) whose queue holds @backlog
 * clients. */
static GosslTlsService *
start_service (GosslContext *ctx, int backlog, guint16 *port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  GosslTlsService *service = gossl_tls_service_new (ctx);

  g_socket_listener_set_backlog (G_SOCKET_LISTENER (service), backlog);
  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (service), any_port,
                                                G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                                NULL, &bound, &error));
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  gossl_tls_service_start (service);
  g_assert_true (gossl_tls_service_is_active (service));
  return service;
}

/* A plain TCP connection to the service (the system queues it until the
 * service accepts). */
static GSocketConnection *
connect_to (guint16 port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_assert_true (g_socket_connect (socket, address, NULL, &error));
  g_assert_no_error (error);
  return g_socket_connection_factory_create_connection (socket);
}

static GosslContext *
unverified_client_context (void)
{
  g_autoptr(GError) error = NULL;
  GosslContext *ctx = gossl_context_new (GOSSL_METHOD_TLS_CLIENT, &error);

  g_assert_no_error (error);
  gossl_context_set_verify (ctx, GOSSL_VERIFY_NONE);
  return ctx;
}

/* The clients that run at once: as many as the service's handshakes, so
 * that the client ends, in the same process, do not hold hundreds of
 * handshakes at a time either. */
#define CLIENTS_AT_ONCE 32

static void
start_client (Scale *scale)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = connect_to (scale->port);
  Client *client = g_new0 (Client, 1);

  scale->started++;
  client->scale = scale;
  client->index = scale->clients->len;
  client->stream = gossl_tls_stream_new_client (scale->client_ctx, G_IO_STREAM (connection), NULL,
                                                &error);
  g_assert_no_error (error);
  g_ptr_array_add (scale->clients, client);
  /* The first write runs the handshake. */
  client_wait (client, TRUE);
}

/* Runs @n clients to completion, keeping their connections open. */
static void
run_clients (Scale *scale, guint n)
{
  scale->echoed = 0;
  scale->started = 0;
  scale->expected = n;
  while (scale->started < MIN (n, CLIENTS_AT_ONCE))
    start_client (scale);
  g_main_loop_run (scale->loop);
  g_assert_cmpuint (scale->failed, ==, 0);
  g_assert_cmpuint (scale->echoed, ==, n);
}

static void
client_free (gpointer data)
{
  Client *client = data;

  g_object_unref (client->stream);
  g_free (client);
}

static void
test_many_connections (void)
{
  g_autoptr(GosslContext) server_ctx = ecdsa_server_context ();
  g_autoptr(GosslContext) client_ctx = unverified_client_context ();
  g_autoptr(GosslTlsService) service = NULL;
  Scale scale = { 0 };
  guint16 port = 0;
  long before, after;

  scale.loop = g_main_loop_new (NULL, FALSE);
  scale.servers = g_ptr_array_new_with_free_func (g_object_unref);
  scale.clients = g_ptr_array_new_with_free_func (client_free);
  scale.client_ctx = client_ctx;
  service = start_service (server_ctx, N_PAIRS + 16, &port);
  scale.port = port;
  scale.service = service;
  g_signal_connect (service, "incoming", G_CALLBACK (incoming), &scale);

  /* One pair first: what OpenSSL and GLib set up once is not counted. */
  run_clients (&scale, 1);
  before = rss_kib ();

  run_clients (&scale, N_PAIRS);
  after = rss_kib ();
  g_assert_cmpuint (scale.servers->len, ==, N_PAIRS + 1);
  g_test_message ("%d pairs: %.1f KiB per pair (client and server stream)",
                  N_PAIRS, (after - before) / (double) N_PAIRS);
#if defined(__SANITIZE_ADDRESS__)
  /* ASan's shadow memory and quarantine make the resident size meaningless. */
  g_test_message ("memory not checked under AddressSanitizer");
#else
  g_assert_cmpfloat ((after - before) / (double) N_PAIRS, <=, MAX_KIB_PER_PAIR);
#endif

  g_assert_cmpuint (scale.clients->len, ==, N_PAIRS + 1);
  g_ptr_array_unref (scale.clients);
  g_ptr_array_set_size (scale.servers, 0);
  gossl_tls_service_stop (service);
  g_assert_false (gossl_tls_service_is_active (service));
  g_ptr_array_unref (scale.servers);
  g_main_loop_unref (scale.loop);
}

static void
count_incoming (GosslTlsService *service, GosslTlsStream *stream, gpointer data)
{
  (*(guint *) data)++;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* Runs the default main context for @ms milliseconds. */
static void
run_for (guint ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (ms, quit_loop, loop);
  g_main_loop_run (loop);
}

/* A client that sends garbage, and one that sends nothing past
 * handshake-timeout, are closed without an incoming signal; the service
 * goes on serving. */
static void
test_failed_handshakes (void)
{
  g_autoptr(GosslContext) server_ctx = ecdsa_server_context ();
  g_autoptr(GosslTlsService) service = NULL;
  g_autoptr(GSocketConnection) garbage = NULL;
  g_autoptr(GSocketConnection) silent = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port = 0;
  guint count = 0;
  char reply[256];
  gssize n;

  service = start_service (server_ctx, 16, &port);
  g_object_set (service, "handshake-timeout", 1, "accept-batch", 1, "max-handshakes", 1, NULL);
  g_assert_cmpuint (gossl_tls_service_get_accept_batch (service), ==, 1);
  g_signal_connect (service, "incoming", G_CALLBACK (count_incoming), &count);

  garbage = connect_to (port);
  g_assert_cmpint (g_output_stream_write (g_io_stream_get_output_stream (G_IO_STREAM (garbage)),
                                          "GET / HTTP/1.0\r\n\r\n", 18, NULL, &error), ==, 18);
  g_assert_no_error (error);
  silent = connect_to (port);
  run_for (2500);
  g_assert_cmpuint (count, ==, 0);

  /* Both were closed by the server: an alert and the end of the stream,
   * or the end of the stream. */
  g_socket_set_timeout (g_socket_connection_get_socket (garbage), 5);
  g_socket_set_timeout (g_socket_connection_get_socket (silent), 5);
  do
    n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (garbage)), reply,
                             sizeof reply, NULL, &error);
  while (n > 0);
  g_assert_no_error (error);
  n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (silent)), reply,
                           sizeof reply, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 0);
}

/* --- One service per core ------------------------------------------------------ */

#define N_CORES        2
#define N_CORE_CLIENTS 64

typedef struct {
  GosslTlsService *service;
  GMainContext    *context;
  GMainLoop       *loop;
  GThread         *thread;
  guint            served;   /* atomic */
  guint            live;     /* atomic: echoes not done */
} Core;

typedef struct {
  Core           *core;
  GosslTlsStream *stream;
  guint8          buffer[256];
} CoreEcho;

static void
core_echo_free (CoreEcho *echo)
{
  g_atomic_int_dec_and_test (&echo->core->live);
  g_object_unref (echo->stream);
  g_free (echo);
}

static void core_echo_read (CoreEcho *echo);

static void
core_echo_written (GObject *source, GAsyncResult *result, gpointer data)
{
  CoreEcho *echo = data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      core_echo_free (echo);
      return;
    }
  core_echo_read (echo);
}

static void
core_echo_got (GObject *source, GAsyncResult *result, gpointer data)
{
  CoreEcho *echo = data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0)
    {
      core_echo_free (echo);
      return;
    }
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (echo->stream)),
                                   echo->buffer, (gsize) n, G_PRIORITY_DEFAULT, NULL,
                                   core_echo_written, echo);
}

static void
core_echo_read (CoreEcho *echo)
{
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (echo->stream)),
                             echo->buffer, sizeof echo->buffer, G_PRIORITY_DEFAULT, NULL,
                             core_echo_got, echo);
}

static void
core_incoming (GosslTlsService *service, GosslTlsStream *stream, gpointer data)
{
  Core *core = data;
  CoreEcho *echo = g_new0 (CoreEcho, 1);

  /* On the thread that started the service. */
  g_assert_true (g_thread_self () == core->thread);
  g_atomic_int_inc (&core->served);
  g_atomic_int_inc (&core->live);
  echo->core = core;
  echo->stream = g_object_ref (stream);
  core_echo_read (echo);
}

static gpointer
core_run (gpointer data)
{
  Core *core = data;

  g_main_context_push_thread_default (core->context);
  gossl_tls_service_start (core->service);
  g_main_loop_run (core->loop);
  gossl_tls_service_stop (core->service);
  /* What the streams still have to do (their close) runs here. */
  while (g_main_context_iteration (core->context, FALSE))
    ;
  g_main_context_pop_thread_default (core->context);
  return NULL;
}

/* Two services, each on a thread of its own with its own main context,
 * share one address: the connections are spread over both and each is
 * served on the thread of the service that accepted it. */
static void
test_one_service_per_core (void)
{
  g_autoptr(GosslContext) server_ctx = ecdsa_server_context ();
  g_autoptr(GosslContext) client_ctx = unverified_client_context ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) shared = NULL;
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func (g_object_unref);
  Core cores[N_CORES] = { 0 };
  guint16 port;

  for (guint i = 0; i < N_CORES; i++)
    {
      g_autoptr(GError) error = NULL;

      cores[i].service = gossl_tls_service_new (server_ctx);
      g_socket_listener_set_backlog (G_SOCKET_LISTENER (cores[i].service), N_CORE_CLIENTS);
      gboolean ok = gossl_tls_service_add_shared_address (cores[i].service,
                                                          i == 0 ? any_port : shared,
                                                          i == 0 ? &shared : NULL, &error);

      g_assert_no_error (error);
      g_assert_true (ok);
      g_signal_connect (cores[i].service, "incoming", G_CALLBACK (core_incoming), &cores[i]);
      cores[i].context = g_main_context_new ();
      cores[i].loop = g_main_loop_new (cores[i].context, FALSE);
    }
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (shared));
  for (guint i = 0; i < N_CORES; i++)
    cores[i].thread = g_thread_new ("core", core_run, &cores[i]);

  for (guint i = 0; i < N_CORE_CLIENTS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocketConnection) connection = connect_to (port);
      GosslTlsStream *stream;
      char message[32], reply[32];
      gsize len, got = 0;

      g_socket_set_timeout (g_socket_connection_get_socket (connection), TLS_IO_TIMEOUT_S);
      stream = gossl_tls_stream_new_client (client_ctx, G_IO_STREAM (connection), NULL, &error);
      g_assert_no_error (error);
      g_ptr_array_add (clients, stream);
      len = (gsize) g_snprintf (message, sizeof message, "client %u", i);
      g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (stream)),
                                                message, len, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_input_stream_read_all (g_io_stream_get_input_stream (G_IO_STREAM (stream)),
                                              reply, len, &got, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (reply, got, message, len);
    }

  /* The clients close; each server stream reads the end and goes. */
  g_ptr_array_set_size (clients, 0);
  for (guint i = 0; i < N_CORES; i++)
    {
      gint64 deadline = g_get_monotonic_time () + TLS_IO_TIMEOUT_S * G_USEC_PER_SEC;

      while (g_atomic_int_get (&cores[i].live) > 0 && g_get_monotonic_time () < deadline)
        g_usleep (1000);
      g_assert_cmpuint (g_atomic_int_get (&cores[i].live), ==, 0);
      g_main_loop_quit (cores[i].loop);
      g_thread_join (cores[i].thread);
      g_test_message ("service %u: %u connections", i, g_atomic_int_get (&cores[i].served));
      g_assert_cmpuint (g_atomic_int_get (&cores[i].served), >, 0);
      g_object_unref (cores[i].service);
      g_main_loop_unref (cores[i].loop);
      g_main_context_unref (cores[i].context);
    }
  g_assert_cmpuint (cores[0].served + cores[1].served, ==, N_CORE_CLIENTS);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tls_test_add ("/tls-service/many-connections", test_many_connections);
  tls_test_add ("/tls-service/failed-handshakes", test_failed_handshakes);
  tls_test_add ("/tls-service/one-service-per-core", test_one_service_per_core);
  return g_test_run ();
}
