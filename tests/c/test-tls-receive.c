/* test-tls-receive.c: GosslTlsStream:receiving, ::received, ::error and
 * gossl_tls_stream_send_bytes(): a connection served by one handler
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gossl-test-util.h"
#include "tls-helpers.h"

#include <gossl/gossl.h>

static GosslContext *client_ctx;
static GosslContext *server_ctx;

/* A connected pair, its handshake done unless @handshake is FALSE. */
static void
pair_make (TlsStreamPair *pair, gboolean handshake)
{
  tls_stream_pair_make (pair, client_ctx, server_ctx);
  if (handshake)
    tls_stream_pairs_handshake (NULL, pair, 1);
}

static void
pair_make_tcp (TlsStreamPair *pair)
{
  tls_stream_pair_make_tcp (pair, client_ctx, server_ctx);
  tls_stream_pairs_handshake (NULL, pair, 1);
}

/* A receiving stream keeps itself (and its handlers, whose data is on
 * the test's stack) until its read ends: ended here. */
static void
pair_clear (TlsStreamPair *pair)
{
  if (pair->client != NULL)
    gossl_tls_stream_set_receiving (pair->client, FALSE);
  if (pair->server != NULL)
    gossl_tls_stream_set_receiving (pair->server, FALSE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&pair->client);
  g_clear_object (&pair->server);
}

/* What one side received, in order; how its receiving ended. */
typedef struct {
  GByteArray *data;
  guint       ends;      /* empty ::received */
  guint       errors;
  GError     *error;
  guint       off_notified;
  gboolean    echo;      /* send back what comes */
} Receiver;

static void
received (GosslTlsStream *stream, GBytes *bytes, gpointer user_data)
{
  Receiver *receiver = user_data;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  if (size == 0)
    {
      receiver->ends++;
      g_assert_false (gossl_tls_stream_get_receiving (stream));
      return;
    }
  g_byte_array_append (receiver->data, data, (guint) size);
  if (receiver->echo)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (gossl_tls_stream_send_bytes (stream, bytes, &error));
      g_assert_no_error (error);
    }
}

static void
failed (GosslTlsStream *stream, GError *error, gpointer user_data)
{
  Receiver *receiver = user_data;

  receiver->errors++;
  g_clear_error (&receiver->error);
  receiver->error = g_error_copy (error);
}

static void
receiving_notified (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  Receiver *receiver = user_data;

  if (!gossl_tls_stream_get_receiving (GOSSL_TLS_STREAM (object)))
    receiver->off_notified++;
}

static void
receiver_init (Receiver *receiver, GosslTlsStream *stream, gboolean echo)
{
  receiver->data = g_byte_array_new ();
  receiver->echo = echo;
  g_signal_connect (stream, "received", G_CALLBACK (received), receiver);
  g_signal_connect (stream, "error", G_CALLBACK (failed), receiver);
  g_signal_connect (stream, "notify::receiving", G_CALLBACK (receiving_notified), receiver);
}

static void
receiver_clear (Receiver *receiver)
{
  g_clear_pointer (&receiver->data, g_byte_array_unref);
  g_clear_error (&receiver->error);
}

static GBytes *
pattern (gsize size, guint seed)
{
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 7 + seed + i / 251);
  return g_bytes_new_take (data, size);
}

/* Sends @message from @stream, and adds it to what should come back. */
static void
send_expecting (GosslTlsStream *stream, GBytes *message, GByteArray *expected)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gossl_tls_stream_send_bytes (stream, message, &error));
  g_assert_no_error (error);
  g_byte_array_append (expected, g_bytes_get_data (message, NULL),
                       (guint) g_bytes_get_size (message));
}

/* Until the client received all it expects back from the echoing server,
 * or either failed: no failure, and every byte in order. */
static void
wait_for_echo (Receiver *client, Receiver *server, GByteArray *expected)
{
  while (client->data->len < expected->len && client->errors == 0 && server->errors == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (client->error);
  g_assert_no_error (server->error);
  g_assert_cmpmem (client->data->data, client->data->len, expected->data, expected->len);
}

/* The client closes: its close_notify ends the server's receiving with
 * an empty ::received and no ::error. */
static void
close_client_ending_server (TlsStreamPair *pair, Receiver *server)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_io_stream_close (G_IO_STREAM (pair->client), NULL, &error));
  g_assert_no_error (error);
  tls_run_until (NULL, &server->ends, 1);
  g_assert_false (gossl_tls_stream_get_receiving (pair->server));
  g_assert_cmpuint (server->errors, ==, 0);
}

/* An echo served by signals: small messages and one of 3 MiB, more than
 * the socket buffers hold, so that sending waits for the peer. Every
 * byte comes back in order; the client's close_notify ends the server's
 * receiving with an empty ::received. */
static void
test_echo_by_signals (void)
{
  g_autoptr(GByteArray) expected = g_byte_array_new ();
  Receiver server = { 0 };
  Receiver client = { 0 };
  TlsStreamPair pair = { 0 };

  pair_make (&pair, TRUE);
  receiver_init (&server, pair.server, TRUE);
  receiver_init (&client, pair.client, FALSE);
  g_object_set (pair.server, "receiving", TRUE, NULL);
  gossl_tls_stream_set_receiving (pair.client, TRUE);
  g_assert_true (gossl_tls_stream_get_receiving (pair.server));

  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(GBytes) message = pattern (1 + i * 37, i);

      send_expecting (pair.client, message, expected);
    }
  {
    g_autoptr(GBytes) large = pattern (3 << 20, 99);

    send_expecting (pair.client, large, expected);
  }
  wait_for_echo (&client, &server, expected);
  g_assert_cmpmem (server.data->data, server.data->len, expected->data, expected->len);

  close_client_ending_server (&pair, &server);
  g_assert_cmpuint (server.off_notified, ==, 1);
  /* The client closed itself: its receiving ends without an error. */
  while (gossl_tls_stream_get_receiving (pair.client))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (client.errors, ==, 0);

  pair_clear (&pair);
  receiver_clear (&server);
  receiver_clear (&client);
}

/* The peer goes away without a close_notify: ::error with
 * GOSSL_SSL_ERROR_EOF, and receiving is off. */
static void
test_eof_is_an_error (void)
{
  g_autoptr(GError) error = NULL;
  Receiver server = { 0 };
  TlsStreamPair pair = { 0 };
  GIOStream *base;

  pair_make (&pair, TRUE);
  receiver_init (&server, pair.server, FALSE);
  gossl_tls_stream_set_receiving (pair.server, TRUE);
  g_main_context_iteration (NULL, FALSE);
  /* A FIN without a close_notify (closing the socket with the server's
   * session tickets unread would send a reset instead). */
  base = gossl_tls_stream_get_base_io_stream (pair.client);
  g_assert_true (g_socket_shutdown (g_socket_connection_get_socket (G_SOCKET_CONNECTION (base)),
                                    FALSE, TRUE, &error));
  g_assert_no_error (error);
  tls_run_until (NULL, &server.errors, 1);
  g_assert_error (server.error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_EOF);
  g_assert_false (gossl_tls_stream_get_receiving (pair.server));
  g_assert_cmpuint (server.ends, ==, 0);

  pair_clear (&pair);
  receiver_clear (&server);
}

static void
read_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  gssize *n = user_data;

  *n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  g_assert_no_error (error);
}

/* Turned off while waiting: the wait is withdrawn, and what the peer
 * sends next is there for an ordinary read; turned on again, it receives
 * again. While on, other reads are refused. */
static void
test_off_and_on (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) hello = g_bytes_new_static ("hello", 5);
  g_autoptr(GBytes) again = g_bytes_new_static ("again", 5);
  Receiver server = { 0 };
  TlsStreamPair pair = { 0 };
  GInputStream *input;
  guint8 buffer[16];
  gssize n = -2;

  pair_make (&pair, TRUE);
  input = g_io_stream_get_input_stream (G_IO_STREAM (pair.server));
  receiver_init (&server, pair.server, FALSE);
  gossl_tls_stream_set_receiving (pair.server, TRUE);
  g_main_context_iteration (NULL, FALSE);
  g_assert_null (g_input_stream_read_bytes (input, 10, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);

  gossl_tls_stream_set_receiving (pair.server, FALSE);
  while (g_input_stream_has_pending (input))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gossl_tls_stream_send_bytes (pair.client, hello, &error));
  g_assert_no_error (error);
  g_input_stream_read_async (input, buffer, sizeof buffer, G_PRIORITY_DEFAULT, NULL, read_done, &n);
  while (n == -2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpmem (buffer, n, "hello", 5);
  g_assert_cmpuint (server.data->len, ==, 0);
  g_assert_cmpuint (server.errors, ==, 0);

  /* Off and on again before the withdrawn read reported back. */
  gossl_tls_stream_set_receiving (pair.server, TRUE);
  gossl_tls_stream_set_receiving (pair.server, FALSE);
  gossl_tls_stream_set_receiving (pair.server, TRUE);
  g_assert_true (gossl_tls_stream_send_bytes (pair.client, again, &error));
  g_assert_no_error (error);
  while (server.data->len < 5)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpmem (server.data->data, server.data->len, "again", 5);
  g_assert_cmpuint (server.errors, ==, 0);

  pair_clear (&pair);
  receiver_clear (&server);
}

/* send_bytes() refuses what it cannot do, with the precise error. */
static void
test_send_bytes_refusals (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static ("x", 1);
  g_autoptr(GosslTlsStream) bare = g_object_new (GOSSL_TYPE_TLS_STREAM, NULL);
  Receiver bare_receiver = { 0 };
  TlsStreamPair pair = { 0 };

  g_assert_false (gossl_tls_stream_send_bytes (bare, bytes, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_error (&error);
  /* Receiving on a stream that cannot read: ::error, and off again. */
  receiver_init (&bare_receiver, bare, FALSE);
  gossl_tls_stream_set_receiving (bare, TRUE);
  g_assert_false (gossl_tls_stream_get_receiving (bare));
  g_assert_error (bare_receiver.error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);

  pair_make (&pair, FALSE);
  g_assert_false (gossl_tls_stream_send_bytes (pair.client, bytes, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
  g_clear_error (&error);
  pair_clear (&pair);

  pair_make (&pair, TRUE);
  g_assert_true (g_io_stream_close (G_IO_STREAM (pair.client), NULL, &error));
  g_assert_no_error (error);
  g_assert_false (gossl_tls_stream_send_bytes (pair.client, bytes, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);
  pair_clear (&pair);
  receiver_clear (&bare_receiver);
}

/* The last record and the hang-up come together, while the server waits:
 * the read after that record, which finds the socket's data all taken,
 * still sees the end of the stream (an edge-triggered wait would never
 * wake again), over a socketpair and over TCP. */
static void
check_data_and_fin_together (TlsStreamPair *pair)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) hello = g_bytes_new_static ("hello", 5);
  Receiver server = { 0 };
  GIOStream *base;

  receiver_init (&server, pair->server, FALSE);
  gossl_tls_stream_set_receiving (pair->server, TRUE);
  for (guint i = 0; i < 3; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gossl_tls_stream_send_bytes (pair->client, hello, &error));
  g_assert_no_error (error);
  base = gossl_tls_stream_get_base_io_stream (pair->client);
  g_assert_true (g_socket_shutdown (g_socket_connection_get_socket (G_SOCKET_CONNECTION (base)),
                                    FALSE, TRUE, &error));
  g_assert_no_error (error);
  tls_run_until (NULL, &server.errors, 1);
  g_assert_cmpmem (server.data->data, server.data->len, "hello", 5);
  g_assert_error (server.error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_EOF);

  pair_clear (pair);
  receiver_clear (&server);
}

static void
test_data_and_fin_together (void)
{
  TlsStreamPair pair = { 0 };

  pair_make (&pair, TRUE);
  check_data_and_fin_together (&pair);
  pair_make_tcp (&pair);
  check_data_and_fin_together (&pair);
}

/* What a server's received handler counts, and the count of another
 * connection's when the first message came. */
typedef struct {
  guint  records;
  guint *other;
  guint  other_at_first;
} TurnCounter;

static void
count_record (GosslTlsStream *stream, GBytes *bytes, gpointer user_data)
{
  TurnCounter *counter = user_data;

  if (counter->records++ == 0 && counter->other != NULL)
    counter->other_at_first = *counter->other;
}

/* A peer that sent many records at once does not hold the loop: the
 * other connection's message is emitted long before the busy one's
 * last, although the server had all of them in one read. Nothing is
 * emitted from set_receiving() itself, even with the records there. */
static void
test_busy_peer_waits_its_turn (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) small = g_bytes_new_static ("0123456789", 10);
  const guint busy_records = 400;
  TlsStreamPair busy = { 0 };
  TlsStreamPair quiet = { 0 };
  TurnCounter busy_count = { 0 };
  TurnCounter quiet_count = { 0 };

  pair_make (&busy, TRUE);
  pair_make (&quiet, TRUE);
  quiet_count.other = &busy_count.records;
  g_signal_connect (busy.server, "received", G_CALLBACK (count_record), &busy_count);
  g_signal_connect (quiet.server, "received", G_CALLBACK (count_record), &quiet_count);
  for (guint i = 0; i < busy_records; i++)
    {
      g_assert_true (gossl_tls_stream_send_bytes (busy.client, small, &error));
      g_assert_no_error (error);
    }
  g_assert_true (gossl_tls_stream_send_bytes (quiet.client, small, &error));
  g_assert_no_error (error);

  gossl_tls_stream_set_receiving (busy.server, TRUE);
  gossl_tls_stream_set_receiving (quiet.server, TRUE);
  g_assert_cmpuint (busy_count.records, ==, 0);
  g_assert_cmpuint (quiet_count.records, ==, 0);
  tls_run_until (NULL, &quiet_count.records, 1);
  g_assert_cmpuint (quiet_count.other_at_first, <, busy_records / 4);
  tls_run_until (NULL, &busy_count.records, busy_records);
  g_assert_cmpuint (busy_count.records, ==, busy_records);

  pair_clear (&busy);
  pair_clear (&quiet);
}

/* A handler that turns receiving off and on again, then closes the
 * stream: every message once, in order, and nothing after the close. */
typedef struct {
  GString *text;
  guint    off_notified;
} Juggler;

static void
juggle (GosslTlsStream *stream, GBytes *bytes, gpointer user_data)
{
  Juggler *juggler = user_data;
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  g_string_append_len (juggler->text, data, (gssize) size);
  if (size == 1 && data[0] == 'b')
    {
      gossl_tls_stream_set_receiving (stream, FALSE);
      gossl_tls_stream_set_receiving (stream, TRUE);
    }
  else if (size == 1 && data[0] == 'd')
    {
      g_assert_true (g_io_stream_close (G_IO_STREAM (stream), NULL, &error));
      g_assert_no_error (error);
      g_assert_false (gossl_tls_stream_get_receiving (stream));
    }
}

static void
juggler_off (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  if (!gossl_tls_stream_get_receiving (GOSSL_TLS_STREAM (object)))
    ((Juggler *) user_data)->off_notified++;
}

static void
count_error (GosslTlsStream *stream, GError *error, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_handler_turns_and_closes (void)
{
  g_autoptr(GError) error = NULL;
  Juggler juggler = { g_string_new (NULL), 0 };
  TlsStreamPair pair = { 0 };
  guint errors = 0;

  pair_make (&pair, TRUE);
  g_signal_connect (pair.server, "received", G_CALLBACK (juggle), &juggler);
  g_signal_connect (pair.server, "notify::receiving", G_CALLBACK (juggler_off), &juggler);
  g_signal_connect (pair.server, "error", G_CALLBACK (count_error), &errors);
  gossl_tls_stream_set_receiving (pair.server, TRUE);
  for (const char *c = "abcdef"; *c != '\0'; c++)
    {
      g_autoptr(GBytes) one = g_bytes_new (c, 1);

      g_assert_true (gossl_tls_stream_send_bytes (pair.client, one, &error));
      g_assert_no_error (error);
    }
  tls_run_until (NULL, &juggler.off_notified, 2);
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpstr (juggler.text->str, ==, "abcd");
  g_assert_cmpuint (juggler.off_notified, ==, 2);
  g_assert_cmpuint (errors, ==, 0);
  g_assert_true (g_io_stream_is_closed (G_IO_STREAM (pair.server)));
  g_assert_true (g_input_stream_is_closed (g_io_stream_get_input_stream (G_IO_STREAM (pair.server))));

  pair_clear (&pair);
  g_string_free (juggler.text, TRUE);
}

/* A base stream that is no GSocketConnection: the socket's own streams
 * in a GSimpleIOStream, which the TLS stream polls through their sources
 * instead of the reactor. */
static GIOStream *
simple_io_stream (int fd)
{
  GIOStream *connection = tls_untimed_socket_stream (fd);
  GIOStream *simple = g_simple_io_stream_new (g_io_stream_get_input_stream (connection),
                                              g_io_stream_get_output_stream (connection));

  /* A GSocketConnection closes its streams when it goes. */
  g_object_set_data_full (G_OBJECT (simple), "connection", connection, g_object_unref);
  return simple;
}

/* Receiving turned on before the handshake, which the receiving then
 * runs: every message of an echo comes back in order, also when the peer
 * sent more records at once than one call emits, and the close_notify
 * ends it. */
static void
check_receiving_from_the_start (GIOStream *a, GIOStream *b)
{
  g_autoptr(GByteArray) expected = g_byte_array_new ();
  Receiver server = { 0 };
  Receiver client = { 0 };
  TlsStreamPair pair = { 0 };

  tls_stream_pair_make_over (&pair, a, b, client_ctx, server_ctx);
  receiver_init (&server, pair.server, TRUE);
  receiver_init (&client, pair.client, FALSE);
  gossl_tls_stream_set_receiving (pair.server, TRUE);
  gossl_tls_stream_set_receiving (pair.client, TRUE);
  while (gossl_tls_stream_get_protocol_version (pair.client) == G_TLS_PROTOCOL_VERSION_UNKNOWN &&
         client.errors == 0 && server.errors == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (client.error);
  g_assert_no_error (server.error);
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(GBytes) message = pattern (1 + i % 50, i);

      send_expecting (pair.client, message, expected);
    }
  wait_for_echo (&client, &server, expected);

  close_client_ending_server (&pair, &server);

  pair_clear (&pair);
  receiver_clear (&server);
  receiver_clear (&client);
}

/* In the reactor (over a socket's GSocketConnection), and without it (in
 * a source of its own). */
static void
test_receiving_from_the_start (void)
{
  int fds[2];

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
  {
    g_autoptr(GIOStream) a = tls_untimed_socket_stream (fds[0]);
    g_autoptr(GIOStream) b = tls_untimed_socket_stream (fds[1]);

    check_receiving_from_the_start (a, b);
  }
  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
  {
    g_autoptr(GIOStream) a = simple_io_stream (fds[0]);
    g_autoptr(GIOStream) b = simple_io_stream (fds[1]);

    check_receiving_from_the_start (a, b);
  }
}

static void
closed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_io_stream_close_finish (G_IO_STREAM (source), result, &error));
  g_assert_no_error (error);
  (*(guint *) user_data)++;
}

/* close_async() right after send_bytes(): every byte reaches the peer
 * before the close_notify. And a receiving stream the program let go
 * of keeps serving until the end of its stream. */
static void
test_close_after_send_loses_nothing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) large = pattern (2 << 20, 3);
  Receiver server = { 0 };
  TlsStreamPair pair = { 0 };
  GosslTlsStream *server_stream;
  guint done = 0;

  pair_make (&pair, TRUE);
  receiver_init (&server, pair.server, FALSE);
  gossl_tls_stream_set_receiving (pair.server, TRUE);
  server_stream = g_steal_pointer (&pair.server);
  g_object_add_weak_pointer (G_OBJECT (server_stream), (gpointer *) &server_stream);
  g_object_unref (server_stream);
  g_assert_nonnull (server_stream);

  g_assert_true (gossl_tls_stream_send_bytes (pair.client, large, &error));
  g_assert_no_error (error);
  g_io_stream_close_async (G_IO_STREAM (pair.client), G_PRIORITY_DEFAULT, NULL, closed, &done);
  tls_run_until (NULL, &server.ends, 1);
  tls_run_until (NULL, &done, 1);
  g_assert_cmpmem (server.data->data, server.data->len, g_bytes_get_data (large, NULL),
                   g_bytes_get_size (large));
  g_assert_cmpuint (server.errors, ==, 0);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (server_stream);

  pair_clear (&pair);
  receiver_clear (&server);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  client_ctx = gossl_context_new (GOSSL_METHOD_TLS_CLIENT, NULL);
  gossl_context_set_verify (client_ctx, GOSSL_VERIFY_NONE);
  server_ctx = tls_server_context (GOSSL_METHOD_TLS_SERVER);

  tls_test_add ("/tls-receive/echo-by-signals", test_echo_by_signals);
  tls_test_add ("/tls-receive/eof-is-an-error", test_eof_is_an_error);
  tls_test_add ("/tls-receive/off-and-on", test_off_and_on);
  tls_test_add ("/tls-receive/send-bytes-refusals", test_send_bytes_refusals);
  tls_test_add ("/tls-receive/close-after-send-loses-nothing", test_close_after_send_loses_nothing);
  tls_test_add ("/tls-receive/data-and-fin-together", test_data_and_fin_together);
  tls_test_add ("/tls-receive/busy-peer-waits-its-turn", test_busy_peer_waits_its_turn);
  tls_test_add ("/tls-receive/handler-turns-and-closes", test_handler_turns_and_closes);
  tls_test_add ("/tls-receive/from-the-start", test_receiving_from_the_start);
  status = g_test_run ();
  g_clear_object (&client_ctx);
  g_clear_object (&server_ctx);
  return status;
}
