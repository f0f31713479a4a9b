/* test-reentrance.c: calls that a connection's own signal handlers make on it
 *
 * The handlers of verify, info, servername and alpn-select run inside the
 * connection's OpenSSL call. Without a guard, I/O or a state change on the
 * same connection from there crashes (do_handshake from a verify handler),
 * double-frees inside libssl (from a servername handler) or corrupts the
 * record stream (send from a verify handler). Each such call must fail at
 * once with GOSSL_SSL_ERROR_FAILED naming the call and the handler, and the
 * outer handshake must complete against a real peer (a gossl server on a
 * thread, over a socket pair) and carry data afterwards. The same holds
 * for a GosslTlsStream's operations from its connection's handlers.
 *
 * Every case runs in a subprocess (g_test_trap_subprocess), so a crash
 * fails one case and the others go on.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "tls-helpers.h"

typedef enum {
  AT_VERIFY,
  AT_INFO,
  AT_SERVERNAME,
  AT_ALPN_SELECT,
} Where;

static const char *const where_names[] = { "verify", "info", "servername", "alpn-select" };

typedef struct _Case Case;

/* A call made on @conn (or its stream) from inside one of its handlers. */
typedef void (*ProbeFunc) (Case *c, GosslConnection *conn, GError **error);

typedef struct {
  const char *name;    /* the call, as the error names it */
  ProbeFunc   func;
  gboolean    stream;  /* needs the client to be a GosslTlsStream */
} Probe;

struct _Case {
  Where          where;
  const Probe   *probe;
  gboolean       over_stream; /* the client is a GosslTlsStream */

  GosslTlsStream *tls;
  GosslContext   *other;      /* for set_context */
  guint           calls;
  GError         *error;      /* of the probe */
};

/* --- the probes --------------------------------------------------------------- */

static void
probe_do_handshake (Case *c, GosslConnection *conn, GError **error)
{
  gossl_connection_do_handshake (conn, error);
}

static void
probe_send (Case *c, GosslConnection *conn, GError **error)
{
  gossl_connection_send (conn, (const guint8 *) "x", 1, error);
}

static void
probe_send_all (Case *c, GosslConnection *conn, GError **error)
{
  gossl_connection_send_all (conn, (const guint8 *) "xyz", 3, error);
}

static void
probe_recv (Case *c, GosslConnection *conn, GError **error)
{
  g_autoptr(GByteArray) data = gossl_connection_recv (conn, 16, error);
}

static void
probe_recv_into (Case *c, GosslConnection *conn, GError **error)
{
  guint8 buffer[16];

  gossl_connection_recv_into (conn, buffer, sizeof buffer, error);
}

static void
probe_shutdown (Case *c, GosslConnection *conn, GError **error)
{
  gossl_connection_shutdown (conn, error);
}

static void
probe_renegotiate (Case *c, GosslConnection *conn, GError **error)
{
  gossl_connection_renegotiate (conn, error);
}

static void
probe_set_fd (Case *c, GosslConnection *conn, GError **error)
{
  gossl_connection_set_fd (conn, -1, error);
}

static void
probe_set_session (Case *c, GosslConnection *conn, GError **error)
{
  g_autoptr(GosslSession) session = gossl_connection_get_session (conn);

  if (session == NULL)
    session = g_object_new (GOSSL_TYPE_SESSION, NULL);
  gossl_connection_set_session (conn, session, error);
}

static void
probe_set_context (Case *c, GosslConnection *conn, GError **error)
{
  gossl_connection_set_context (conn, c->other, error);
}

static void
probe_set_tlsext_host_name (Case *c, GosslConnection *conn, GError **error)
{
  gossl_connection_set_tlsext_host_name (conn, "localhost", error);
}

static void
probe_set_verify_hostname (Case *c, GosslConnection *conn, GError **error)
{
  gossl_connection_set_verify_hostname (conn, "localhost", error);
}

static void
probe_set_alpn_protos (Case *c, GosslConnection *conn, GError **error)
{
  const char *const protos[] = { "h2", NULL };

  gossl_connection_set_alpn_protos (conn, protos, error);
}

static void
probe_try_set_accept_state (Case *c, GosslConnection *conn, GError **error)
{
  gossl_connection_try_set_accept_state (conn, error);
}

static void
probe_try_set_connect_state (Case *c, GosslConnection *conn, GError **error)
{
  gossl_connection_try_set_connect_state (conn, error);
}

/* The void form can only warn; the role must not change. */
static void
probe_set_accept_state (Case *c, GosslConnection *conn, GError **error)
{
  g_test_expect_message ("Gossl", G_LOG_LEVEL_WARNING,
                         "Cannot call set_accept_state() from inside the connection's own *");
  gossl_connection_set_accept_state (conn);
  g_test_assert_expected_messages ();
  /* Reported like the others, for the common check. */
  gossl_connection_try_set_accept_state (conn, error);
}

static void
probe_bio_write (Case *c, GosslConnection *conn, GError **error)
{
  gossl_connection_bio_write (conn, (const guint8 *) "\x17\x03\x03", 3, error);
}

static void
probe_bio_read (Case *c, GosslConnection *conn, GError **error)
{
  g_autoptr(GByteArray) data = gossl_connection_bio_read (conn, 4096, error);
}

static void
probe_bio_shutdown (Case *c, GosslConnection *conn, GError **error)
{
  gossl_connection_bio_shutdown (conn, error);
}

static void
probe_stream_handshake (Case *c, GosslConnection *conn, GError **error)
{
  gossl_tls_stream_handshake (c->tls, NULL, error);
}

static void
probe_stream_read (Case *c, GosslConnection *conn, GError **error)
{
  guint8 buffer[16];

  g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (c->tls)),
                       buffer, sizeof buffer, NULL, error);
}

static void
probe_stream_write (Case *c, GosslConnection *conn, GError **error)
{
  g_output_stream_write (g_io_stream_get_output_stream (G_IO_STREAM (c->tls)),
                         "x", 1, NULL, error);
}

static void
probe_stream_flush (Case *c, GosslConnection *conn, GError **error)
{
  g_output_stream_flush (g_io_stream_get_output_stream (G_IO_STREAM (c->tls)), NULL, error);
}

static void
probe_stream_close (Case *c, GosslConnection *conn, GError **error)
{
  g_io_stream_close (G_IO_STREAM (c->tls), NULL, error);
}

static const Probe probes[] = {
  { "do_handshake", probe_do_handshake, FALSE },
  { "send", probe_send, FALSE },
  { "send_all", probe_send_all, FALSE },
  { "recv", probe_recv, FALSE },
  { "recv_into", probe_recv_into, FALSE },
  { "shutdown", probe_shutdown, FALSE },
  { "renegotiate", probe_renegotiate, FALSE },
  { "set_fd", probe_set_fd, FALSE },
  { "set_session", probe_set_session, FALSE },
  { "set_context", probe_set_context, FALSE },
  { "set_tlsext_host_name", probe_set_tlsext_host_name, FALSE },
  { "set_verify_hostname", probe_set_verify_hostname, FALSE },
  { "set_alpn_protos", probe_set_alpn_protos, FALSE },
  { "set_accept_state", probe_try_set_accept_state, FALSE },
  { "set_connect_state", probe_try_set_connect_state, FALSE },
  { "set_accept_state", probe_set_accept_state, FALSE },
  { "bio_write", probe_bio_write, TRUE },
  { "bio_read", probe_bio_read, TRUE },
  { "bio_shutdown", probe_bio_shutdown, TRUE },
  { "handshake", probe_stream_handshake, TRUE },
  { "read", probe_stream_read, TRUE },
  { "write", probe_stream_write, TRUE },
  { "flush", probe_stream_flush, TRUE },
  { "close", probe_stream_close, TRUE },
};

/* --- the handlers -------------------------------------------------------------- */

static void
run_probe (Case *c, GosslConnection *conn)
{
  /* Once, at the first emission: that is inside the handshake. */
  if (c->calls++ > 0)
    return;
  c->probe->func (c, conn, &c->error);
}

static gboolean
on_verify (GosslContext *ctx, GosslConnection *conn, GosslX509 *cert, int errnum, int depth,
           gboolean ok, Case *c)
{
  run_probe (c, conn);
  return ok;
}

static void
on_info (GosslContext *ctx, GosslConnection *conn, int where, int ret, Case *c)
{
  run_probe (c, conn);
}

static gboolean
on_servername (GosslContext *ctx, GosslConnection *conn, Case *c)
{
  run_probe (c, conn);
  return TRUE;
}

static char *
on_alpn_select (GosslContext *ctx, GosslConnection *conn, const char *const *offered, Case *c)
{
  run_probe (c, conn);
  return g_strdup (offered[0]);
}

/* --- the scenarios ------------------------------------------------------------- */

/* The server side: echoes 4 bytes after the handshake. */
static void
echo_body (TlsServer *server, GosslConnection *conn)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) data = tls_recv_exactly (conn, 4, &error);

  g_assert_no_error (error);
  g_assert_true (gossl_connection_send_all (conn, data->data, data->len, &error));
  g_assert_no_error (error);
}

static void
connect_handler (Case *c, GosslContext *cctx, GosslContext *sctx)
{
  switch (c->where)
    {
    case AT_VERIFY:
      g_signal_connect (cctx, "verify", G_CALLBACK (on_verify), c);
      break;
    case AT_INFO:
      g_signal_connect (cctx, "info", G_CALLBACK (on_info), c);
      break;
    case AT_SERVERNAME:
      g_signal_connect (sctx, "servername", G_CALLBACK (on_servername), c);
      break;
    case AT_ALPN_SELECT:
      g_signal_connect (sctx, "alpn-select", G_CALLBACK (on_alpn_select), c);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* A socket client against a gossl server; the handshake and an echo must
 * work whatever the probe did. */
static void
run_over_socket (Case *c, GosslContext *cctx, GosslContext *sctx)
{
  g_auto(TlsPair) pair = { 0 };
  const char *const alpn[] = { "http/1.1", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) echo = NULL;

  pair.server.body = echo_body;
  tls_pair_start (&pair, cctx, sctx);
  g_assert_true (gossl_connection_set_tlsext_host_name (pair.client, "localhost", &error));
  g_assert_true (gossl_connection_set_verify_hostname (pair.client, "localhost", &error));
  g_assert_true (gossl_connection_set_alpn_protos (pair.client, alpn, &error));
  g_assert_no_error (error);

  g_assert_true (gossl_connection_do_handshake (pair.client, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_connection_send_all (pair.client, (const guint8 *) "ping", 4, &error));
  g_assert_no_error (error);
  echo = tls_recv_exactly (pair.client, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (echo->data, echo->len, "ping", 4);
  tls_server_join_ok (&pair.server);
  if (c->where == AT_ALPN_SELECT)
    {
      g_autofree char *proto = gossl_connection_get_alpn_proto_negotiated (pair.client);

      g_assert_cmpstr (proto, ==, "http/1.1");
    }
  /* The one call a servername handler may make. */
  if (c->where == AT_SERVERNAME && c->probe->func == probe_set_context)
    g_assert_true (gossl_connection_get_context (pair.server.conn) == c->other);
}

/* A GosslTlsStream client against a gossl server. */
static void
run_over_stream (Case *c, GosslContext *cctx, GosslContext *sctx)
{
  g_auto(TlsServer) server = { 0 };
  g_autoptr(GIOStream) base = NULL;
  g_autoptr(GosslTlsStream) tls = NULL;
  g_autoptr(GError) error = NULL;
  char echo[4];
  gsize n = 0;
  int fds[2];

  tls_socketpair (fds);
  base = tls_socket_stream (fds[0]);
  tls = gossl_tls_stream_new_client (cctx, base, "localhost", &error);
  g_assert_no_error (error);
  c->tls = tls;
  server.body = echo_body;
  tls_server_start (&server, sctx, fds[1]);

  g_assert_true (gossl_tls_stream_handshake (tls, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (tls)),
                                            "ping", 4, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_input_stream_read_all (g_io_stream_get_input_stream (G_IO_STREAM (tls)),
                                          echo, sizeof echo, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (echo, n, "ping", 4);
  tls_server_join_ok (&server);
}

static void
run_case (Case *c)
{
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslContext) other = tls_server_context (GOSSL_METHOD_TLS);
  g_autofree char *expected = NULL;

  c->other = other;
  connect_handler (c, cctx, sctx);
  if (c->over_stream)
    run_over_stream (c, cctx, sctx);
  else
    run_over_socket (c, cctx, sctx);

  g_assert_cmpuint (c->calls, >, 0);
  if (c->where == AT_SERVERNAME && c->probe->func == probe_set_context)
    {
      g_assert_no_error (c->error);
      return;
    }
  /* A client's first info emission is the handshake's start, before its
   * hello: the server name may still be set there (Twisted does). */
  if (c->where == AT_INFO && c->probe->func == probe_set_tlsext_host_name)
    {
      g_assert_no_error (c->error);
      return;
    }
  expected = g_strdup_printf ("Cannot call %s() from inside the connection's own %s handler",
                              c->probe->name, where_names[c->where]);
  g_assert_error (c->error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  g_assert_cmpstr (c->error->message, ==, expected);
  g_clear_error (&c->error);
}

static void
test_case (gconstpointer data)
{
  Case c = *(const Case *) data;

  if (g_test_subprocess ())
    {
      signal (SIGALRM, tls_watchdog_fired);
      alarm (TLS_TEST_TIMEOUT_S);
      run_case (&c);
      alarm (0);
      return;
    }
  g_test_trap_subprocess (NULL, (guint64) TLS_TEST_TIMEOUT_S * 2 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  /* Not g_test_trap_assert_passed(), which would end the other cases too. */
  if (!g_test_trap_has_passed ())
    g_test_fail ();
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);

  g_test_init (&argc, &argv, NULL);
  for (guint w = AT_VERIFY; w <= AT_ALPN_SELECT; w++)
    for (guint p = 0; p < G_N_ELEMENTS (probes); p++)
      {
        /* The stream's own probes with the client's handlers only. */
        gboolean over_stream = probes[p].stream;
        Case *c;
        g_autofree char *path = NULL;

        if (over_stream && w != AT_VERIFY && w != AT_INFO)
          continue;
        c = g_new0 (Case, 1);
        c->where = (Where) w;
        c->probe = &probes[p];
        c->over_stream = over_stream;
        path = g_strdup_printf ("/reentrance/%s/%s%s%s", where_names[w],
                                over_stream ? "stream-" : "", probes[p].name,
                                probes[p].func == probe_set_accept_state ? "-void" : "");
        g_test_add_data_func (path, c, test_case);
        g_ptr_array_add (cases, c);
      }
  return g_test_run ();
}
