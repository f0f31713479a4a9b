/* test-tls-reactor.c: GosslTlsStream's asynchronous operations wait in one
 * epoll set per main context, not in a source each
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gossl-test-util.h"
#include "tls-helpers.h"

#include <gossl/gossl.h>
#include <malloc.h>

#define PAIRS 64

typedef struct {
  guint   done;
  guint   cancelled;
  guint   closed;
  guint8  buffer[PAIRS][64];
  gssize  got[PAIRS];
} Counts;

static GosslContext *client_ctx;
static GosslContext *server_ctx;

static void
pair_clear (TlsStreamPair *pair)
{
  g_clear_object (&pair->client);
  g_clear_object (&pair->server);
}

static int
stream_fd (GosslTlsStream *stream)
{
  GIOStream *base = gossl_tls_stream_get_base_io_stream (stream);

  return g_socket_get_fd (g_socket_connection_get_socket (G_SOCKET_CONNECTION (base)));
}

/* The read of pair i: counts it, and what it got in got[i] (-1 and the
 * error counted by kind for a failure). */
typedef struct {
  Counts *counts;
  guint   index;
} ReadTag;

static void
read_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  ReadTag *tag = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  tag->counts->got[tag->index] = n;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    tag->counts->cancelled++;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED))
    tag->counts->closed++;
  else
    g_assert_no_error (error);
  tag->counts->done++;
  g_free (tag);
}

static void
start_read (GosslTlsStream *stream, Counts *counts, guint index, GCancellable *cancellable)
{
  ReadTag *tag = g_new (ReadTag, 1);

  tag->counts = counts;
  tag->index = index;
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (stream)),
                             counts->buffer[index], sizeof counts->buffer[index],
                             G_PRIORITY_DEFAULT, cancellable, read_done, tag);
}

static void
write_line (GosslTlsStream *stream, const char *line)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (stream)),
                                            line, strlen (line), NULL, NULL, &error));
  g_assert_no_error (error);
}

/* How many descriptors the next iteration of @context polls. */
static int
polled_descriptors (GMainContext *context)
{
  GPollFD fds[1024];
  int priority = 0;
  int timeout = 0;
  int n;

  g_assert_true (g_main_context_acquire (context));
  g_main_context_prepare (context, &priority);
  n = g_main_context_query (context, priority, &timeout, fds, G_N_ELEMENTS (fds));
  g_main_context_check (context, priority, fds, MIN (n, (int) G_N_ELEMENTS (fds)));
  g_main_context_dispatch (context);
  g_main_context_release (context);
  return n;
}

static gpointer
cancel_later (gpointer data)
{
  g_usleep (G_USEC_PER_SEC / 50);
  g_cancellable_cancel (data);
  return NULL;
}

/* The point of the reactor: with every connection waiting to read, the
 * main loop polls a few descriptors, not one per connection (with a
 * source per wait it polled 2 * PAIRS); and every read still completes,
 * when data comes or when cancelled from another thread. */
static void
test_idle_reads_poll_one_descriptor (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  TlsStreamPair pairs[PAIRS] = { 0 };
  Counts *server_reads = g_new0 (Counts, 1);
  Counts *client_reads = g_new0 (Counts, 1);
  GThread *canceller;

  g_main_context_push_thread_default (context);
  for (guint i = 0; i < PAIRS; i++)
    tls_stream_pair_make (&pairs[i], client_ctx, server_ctx);
  tls_stream_pairs_handshake (context, pairs, PAIRS);

  for (guint i = 0; i < PAIRS; i++)
    {
      start_read (pairs[i].server, server_reads, i, NULL);
      start_read (pairs[i].client, client_reads, i, cancellable);
    }
  g_assert_cmpint (polled_descriptors (context), <=, 4);
  g_assert_cmpuint (server_reads->done + client_reads->done, ==, 0);

  for (guint i = 0; i < PAIRS; i++)
    write_line (pairs[i].client, "ping\n");
  tls_run_until (context, &server_reads->done, PAIRS);
  for (guint i = 0; i < PAIRS; i++)
    {
      g_assert_cmpint (server_reads->got[i], ==, 5);
      g_assert_cmpmem (server_reads->buffer[i], 5, "ping\n", 5);
    }

  canceller = g_thread_new ("canceller", cancel_later, cancellable);
  tls_run_until (context, &client_reads->done, PAIRS);
  g_thread_join (canceller);
  g_assert_cmpuint (client_reads->cancelled, ==, PAIRS);

  for (guint i = 0; i < PAIRS; i++)
    pair_clear (&pairs[i]);
  g_main_context_pop_thread_default (context);
  g_free (server_reads);
  g_free (client_reads);
}

/* A stream closed while a read waits: the read ends with
 * G_IO_ERROR_CLOSED; a socket that gets the closed one's descriptor
 * number is a new connection to the reactor. */
static void
test_close_while_reading_and_descriptor_reuse (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GError) error = NULL;
  Counts *reads = g_new0 (Counts, 1);
  TlsStreamPair first = { 0 };
  TlsStreamPair second = { 0 };
  int server_fd;

  g_main_context_push_thread_default (context);
  tls_stream_pair_make (&first, client_ctx, server_ctx);
  tls_stream_pairs_handshake (context, &first, 1);
  server_fd = stream_fd (first.server);
  start_read (first.server, reads, 0, NULL);
  g_main_context_iteration (context, FALSE);
  g_assert_cmpuint (reads->done, ==, 0);

  g_assert_true (g_io_stream_close (G_IO_STREAM (first.server), NULL, &error));
  g_assert_no_error (error);
  tls_run_until (context, &reads->done, 1);
  g_assert_cmpuint (reads->closed, ==, 1);
  pair_clear (&first);

  tls_stream_pair_make (&second, client_ctx, server_ctx);
  g_assert_true (stream_fd (second.server) == server_fd || stream_fd (second.client) == server_fd);
  tls_stream_pairs_handshake (context, &second, 1);
  start_read (second.server, reads, 1, NULL);
  start_read (second.client, reads, 2, NULL);
  write_line (second.client, "to the server\n");
  write_line (second.server, "to the client\n");
  tls_run_until (context, &reads->done, 3);
  g_assert_cmpint (reads->got[1], ==, 14);
  g_assert_cmpint (reads->got[2], ==, 14);
  g_assert_cmpmem (reads->buffer[1], 14, "to the server\n", 14);

  pair_clear (&second);
  g_main_context_pop_thread_default (context);
  g_free (reads);
}

/* The base socket closed under a waiting read (not through the stream):
 * the kernel forgets the descriptor, whose number the next socket gets;
 * the new connection works, and the old read still ends when cancelled. */
static void
test_base_closed_under_a_read (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Counts *reads = g_new0 (Counts, 1);
  TlsStreamPair first = { 0 };
  TlsStreamPair second = { 0 };
  GIOStream *base;
  int server_fd;

  g_main_context_push_thread_default (context);
  tls_stream_pair_make (&first, client_ctx, server_ctx);
  tls_stream_pairs_handshake (context, &first, 1);
  server_fd = stream_fd (first.server);
  start_read (first.server, reads, 0, cancellable);
  g_main_context_iteration (context, FALSE);

  base = gossl_tls_stream_get_base_io_stream (first.server);
  g_assert_true (g_socket_close (g_socket_connection_get_socket (G_SOCKET_CONNECTION (base)), &error));
  g_assert_no_error (error);

  tls_stream_pair_make (&second, client_ctx, server_ctx);
  g_assert_true (stream_fd (second.server) == server_fd || stream_fd (second.client) == server_fd);
  tls_stream_pairs_handshake (context, &second, 1);
  start_read (second.server, reads, 1, NULL);
  write_line (second.client, "still here\n");
  tls_run_until (context, &reads->done, 1);
  g_assert_cmpint (reads->got[1], ==, 11);

  g_cancellable_cancel (cancellable);
  tls_run_until (context, &reads->done, 2);
  g_assert_cmpuint (reads->cancelled, ==, 1);

  pair_clear (&first);
  pair_clear (&second);
  g_main_context_pop_thread_default (context);
  g_free (reads);
}

typedef struct {
  GosslTlsStream *stream;
  Counts         *reads;
} OtherThread;

static gpointer
read_on_another_context (gpointer data)
{
  OtherThread *other = data;
  g_autoptr(GMainContext) context = g_main_context_new ();

  g_main_context_push_thread_default (context);
  start_read (other->stream, other->reads, 1, NULL);
  tls_run_until (context, &other->reads->done, 2);
  g_main_context_pop_thread_default (context);
  return NULL;
}

/* A stream whose socket is in one context's reactor, then read from a
 * thread running another context: that read waits in a source of its
 * own on its context, and completes there. */
static void
test_second_context (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  Counts *reads = g_new0 (Counts, 1);
  OtherThread other;
  TlsStreamPair pair = { 0 };
  GThread *thread;

  g_main_context_push_thread_default (context);
  tls_stream_pair_make (&pair, client_ctx, server_ctx);
  tls_stream_pairs_handshake (context, &pair, 1);
  start_read (pair.server, reads, 0, NULL);
  write_line (pair.client, "one\n");
  tls_run_until (context, &reads->done, 1);
  g_assert_cmpint (reads->got[0], ==, 4);

  other.stream = pair.server;
  other.reads = reads;
  thread = g_thread_new ("other-context", read_on_another_context, &other);
  g_usleep (G_USEC_PER_SEC / 50);
  write_line (pair.client, "two\n");
  g_thread_join (thread);
  g_assert_cmpint (reads->got[1], ==, 4);
  g_assert_cmpmem (reads->buffer[1], 4, "two\n", 4);

  pair_clear (&pair);
  g_main_context_pop_thread_default (context);
  g_free (reads);
}

/* The program lets go of a stream whose read waits: the read keeps it
 * until it completes. */
static void
test_stream_dropped_while_reading (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  Counts *reads = g_new0 (Counts, 1);
  TlsStreamPair pair = { 0 };
  GosslTlsStream *server;

  g_main_context_push_thread_default (context);
  tls_stream_pair_make (&pair, client_ctx, server_ctx);
  tls_stream_pairs_handshake (context, &pair, 1);
  server = g_steal_pointer (&pair.server);
  g_object_add_weak_pointer (G_OBJECT (server), (gpointer *) &server);
  start_read (server, reads, 0, NULL);
  g_object_unref (server);
  g_assert_nonnull (server);
  write_line (pair.client, "late\n");
  tls_run_until (context, &reads->done, 1);
  g_assert_cmpint (reads->got[0], ==, 5);
  while (g_main_context_iteration (context, FALSE))
    ;
  g_assert_null (server);

  pair_clear (&pair);
  g_main_context_pop_thread_default (context);
  g_free (reads);
}

static void
bytes_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GMainContext *context, GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (context, TRUE);
  return g_steal_pointer (slot);
}

static void
gio_bytes_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GBytes **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  g_assert_no_error (error);
}

/* gossl_tls_stream_read_bytes_async() gives what came in bytes that
 * hold no more than that; GInputStream's read_bytes_async() holds the
 * whole count. */
static void
test_read_bytes_sized (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) gio_bytes = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  GAsyncResult *second = NULL;
  TlsStreamPair pair = { 0 };
  gsize size;

  g_main_context_push_thread_default (context);
  tls_stream_pair_make (&pair, client_ctx, server_ctx);
  tls_stream_pairs_handshake (context, &pair, 1);

  gossl_tls_stream_read_bytes_async (pair.server, 65536, G_PRIORITY_DEFAULT, NULL, bytes_read,
                                     &slot);
  /* One read at a time, whichever way it is made. */
  gossl_tls_stream_read_bytes_async (pair.server, 10, G_PRIORITY_DEFAULT, NULL, bytes_read,
                                     &second);
  result = wait_result (context, &second);
  g_assert_null (gossl_tls_stream_read_bytes_finish (pair.server, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_true (g_input_stream_has_pending (g_io_stream_get_input_stream (G_IO_STREAM (pair.server))));

  write_line (pair.client, "ten bytes\n");
  result = wait_result (context, &slot);
  bytes = gossl_tls_stream_read_bytes_finish (pair.server, result, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, &size), size, "ten bytes\n", 10);
  g_assert_cmpuint (malloc_usable_size ((gpointer) g_bytes_get_data (bytes, NULL)), <, 1024);
  g_assert_false (g_input_stream_has_pending (g_io_stream_get_input_stream (G_IO_STREAM (pair.server))));
  g_clear_object (&result);

  write_line (pair.client, "ten bytes\n");
  g_input_stream_read_bytes_async (g_io_stream_get_input_stream (G_IO_STREAM (pair.server)), 65536,
                                   G_PRIORITY_DEFAULT, NULL, gio_bytes_read, &gio_bytes);
  while (gio_bytes == NULL)
    g_main_context_iteration (context, TRUE);
  g_assert_cmpuint (g_bytes_get_size (gio_bytes), ==, 10);
  g_assert_cmpuint (malloc_usable_size ((gpointer) g_bytes_get_data (gio_bytes, NULL)), >=, 65536);

  /* Nothing asked, nothing read; the peer's close_notify: empty. */
  gossl_tls_stream_read_bytes_async (pair.server, 0, G_PRIORITY_DEFAULT, NULL, bytes_read, &slot);
  result = wait_result (context, &slot);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = gossl_tls_stream_read_bytes_finish (pair.server, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 0);
  g_clear_object (&result);

  g_assert_true (g_io_stream_close (G_IO_STREAM (pair.client), NULL, &error));
  g_assert_no_error (error);
  gossl_tls_stream_read_bytes_async (pair.server, 100, G_PRIORITY_DEFAULT, NULL, bytes_read, &slot);
  result = wait_result (context, &slot);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = gossl_tls_stream_read_bytes_finish (pair.server, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 0);
  g_clear_object (&result);

  pair_clear (&pair);
  g_main_context_pop_thread_default (context);
}

/* A stream made without its construction properties and never
 * initialized: a GError, not a crash. */
static void
test_read_bytes_uninitialized (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GosslTlsStream) stream = g_object_new (GOSSL_TYPE_TLS_STREAM, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  g_main_context_push_thread_default (context);
  gossl_tls_stream_read_bytes_async (stream, 10, G_PRIORITY_DEFAULT, NULL, bytes_read, &slot);
  result = wait_result (context, &slot);
  g_assert_null (gossl_tls_stream_read_bytes_finish (stream, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_main_context_pop_thread_default (context);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  client_ctx = gossl_context_new (GOSSL_METHOD_TLS_CLIENT, NULL);
  gossl_context_set_verify (client_ctx, GOSSL_VERIFY_NONE);
  server_ctx = tls_server_context (GOSSL_METHOD_TLS_SERVER);

  tls_test_add ("/tls-reactor/idle-reads-poll-one-descriptor", test_idle_reads_poll_one_descriptor);
  tls_test_add ("/tls-reactor/close-while-reading", test_close_while_reading_and_descriptor_reuse);
  tls_test_add ("/tls-reactor/base-closed-under-a-read", test_base_closed_under_a_read);
  tls_test_add ("/tls-reactor/second-context", test_second_context);
  tls_test_add ("/tls-reactor/stream-dropped-while-reading", test_stream_dropped_while_reading);
  tls_test_add ("/tls-reactor/read-bytes-sized", test_read_bytes_sized);
  tls_test_add ("/tls-reactor/read-bytes-uninitialized", test_read_bytes_uninitialized);
  status = g_test_run ();
  g_clear_object (&client_ctx);
  g_clear_object (&server_ctx);
  return status;
}
