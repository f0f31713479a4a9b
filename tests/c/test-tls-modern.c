/* test-tls-modern.c: protocol versions, SNI, ALPN, hostname checks,
 * certificate chains, session resumption, CA directories and the memory
 * transport, against gossl itself and `openssl s_server`/`s_client`.
 *
 * Every test runs under the watchdog of tls-helpers.h.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "tls-helpers.h"

#include <stdarg.h>

/* --- helpers ---------------------------------------------------------------- */

static long
cert_serial (GosslX509 *cert)
{
  return ASN1_INTEGER_get (X509_get0_serialNumber (gossl_x509_get_native (cert)));
}

static long
peer_serial (GosslConnection *conn)
{
  g_autoptr(GosslX509) cert = gossl_connection_get_peer_certificate (conn);

  g_assert_nonnull (cert);
  return cert_serial (cert);
}

static GosslContext *
context_with_cert (const char *cert_name, const char *key_name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cert = gossl_test_file_path (cert_name);
  g_autofree char *key = gossl_test_file_path (key_name);
  GosslContext *ctx = gossl_context_new (GOSSL_METHOD_TLS_SERVER, &error);

  g_assert_no_error (error);
  g_assert_true (gossl_context_use_certificate_file (ctx, cert, GOSSL_FILETYPE_PEM, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_context_use_privatekey_file (ctx, key, GOSSL_FILETYPE_PEM, &error));
  g_assert_no_error (error);
  return ctx;
}

/* Moves every byte each memory connection wrote to the other. TRUE when
 * anything moved. */
static gboolean
shuttle (GosslConnection *a, GosslConnection *b)
{
  GosslConnection *ends[2][2] = { { a, b }, { b, a } };
  gboolean moved = FALSE;

  for (int i = 0; i < 2; i++)
    for (;;)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GByteArray) data = gossl_connection_bio_read (ends[i][0], 4096, &error);

        if (data == NULL)
          {
            g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_WANT_READ);
            break;
          }
        g_assert_cmpint (gossl_connection_bio_write (ends[i][1], data->data, data->len, &error),
                         ==, data->len);
        g_assert_no_error (error);
        moved = TRUE;
      }
  return moved;
}

/* Runs the handshakes of two memory connections, shuttling their bytes,
 * until both are done or one fails. The errors are kept apart, since a
 * failure on one side (an alert sent) makes the other fail too. */
static gboolean
memory_handshake (GosslConnection  *client,
                  GosslConnection  *server,
                  GError          **client_error,
                  GError          **server_error)
{
  gboolean client_done = FALSE, server_done = FALSE;
  g_autoptr(GError) cerr = NULL;
  g_autoptr(GError) serr = NULL;

  for (int round = 0; round < 50; round++)
    {
      if (!client_done && cerr == NULL)
        {
          client_done = gossl_connection_do_handshake (client, &cerr);
          if (g_error_matches (cerr, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_WANT_READ))
            g_clear_error (&cerr);
        }
      if (!server_done && serr == NULL)
        {
          server_done = gossl_connection_do_handshake (server, &serr);
          if (g_error_matches (serr, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_WANT_READ))
            g_clear_error (&serr);
        }
      if (!shuttle (client, server) && (cerr != NULL || server_done) &&
          (serr != NULL || client_done))
        break;
    }
  if (cerr != NULL && client_error != NULL)
    *client_error = g_steal_pointer (&cerr);
  if (serr != NULL && server_error != NULL)
    *server_error = g_steal_pointer (&serr);
  return client_done && server_done;
}

/* A client and a server memory connection. */
static void
memory_pair (GosslContext     *cctx,
             GosslContext     *sctx,
             GosslConnection **client,
             GosslConnection **server)
{
  g_autoptr(GError) error = NULL;

  *client = gossl_connection_new_memory (cctx, &error);
  g_assert_no_error (error);
  gossl_connection_set_connect_state (*client);
  *server = gossl_connection_new_memory (sctx, &error);
  g_assert_no_error (error);
  gossl_connection_set_accept_state (*server);
}

static void
memory_handshake_ok (GosslConnection *client, GosslConnection *server)
{
  g_autoptr(GError) cerr = NULL;
  g_autoptr(GError) serr = NULL;

  g_assert_true (memory_handshake (client, server, &cerr, &serr));
  g_assert_no_error (cerr);
  g_assert_no_error (serr);
}

/* Sends @text from @from to @to over memory connections and checks it
 * arrives; reading also processes what came before it (TLS 1.3 tickets). */
static void
memory_exchange (GosslConnection *from, GosslConnection *to, const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) got = NULL;

  g_assert_true (gossl_connection_send_all (from, (const guint8 *) text, strlen (text), &error));
  g_assert_no_error (error);
  shuttle (from, to);
  got = gossl_connection_recv (to, 4096, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (got->data, got->len, text, strlen (text));
}

/* `openssl s_server` on a free port of 127.0.0.1 with server.pem (signed
 * by ca.pem) and the extra arguments, serving @naccept connections. */
G_GNUC_NULL_TERMINATED static GSubprocess *
spawn_s_server (guint16 *port, int naccept, ...)
{
  g_autofree char *cert = gossl_test_file_path ("server.pem");
  g_autofree char *key = gossl_test_file_path ("server.key");
  g_autofree char *accept = NULL;
  g_autofree char *count = g_strdup_printf ("%d", naccept);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE;
  const char *arg;
  va_list args;

  *port = tls_free_port ();
  accept = g_strdup_printf ("127.0.0.1:%u", *port);
  if (g_getenv ("GOSSL_TEST_VERBOSE") == NULL)
    flags |= G_SUBPROCESS_FLAGS_STDERR_SILENCE;
  for (const char *const *a = (const char *const[]) { "openssl", "s_server", "-accept", accept,
                                                      "-naccept", count, "-cert", cert,
                                                      "-key", key, NULL };
       *a != NULL; a++)
    g_ptr_array_add (argv, g_strdup (*a));
  va_start (args, naccept);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  GSubprocess *proc = g_subprocess_newv ((const char *const *) argv->pdata, flags, &error);
  g_assert_no_error (error);
  return proc;
}

/* A blocking client connection over a new socket to @port. */
static GosslConnection *
connect_client (GosslContext *cctx, guint16 port, GSubprocess *peer, int *fd)
{
  *fd = tls_connect_when_ready (port, peer);
  return tls_client_connection (cctx, *fd);
}

static void
stop_server (GSubprocess *proc)
{
  tls_stop_openssl (proc);
  g_object_unref (proc);
}

/* --- protocol versions -------------------------------------------------------- */

static void
test_proto_versions (void)
{
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_TLS, NULL);
  g_autoptr(GosslContext) pinned = gossl_context_new (GOSSL_METHOD_TLSV1_2, NULL);
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_TLS_SERVER);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLS_CLIENT);
  g_autoptr(GosslConnection) client = NULL;
  g_autoptr(GosslConnection) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) cerr = NULL;
  g_autoptr(GError) serr = NULL;

  g_assert_cmpint (gossl_context_get_min_proto_version (ctx), ==, 0);
  g_assert_cmpint (gossl_context_get_max_proto_version (ctx), ==, 0);
  g_assert_true (gossl_context_set_min_proto_version (ctx, GOSSL_TLS1_2_VERSION, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_context_set_max_proto_version (ctx, GOSSL_TLS1_3_VERSION, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gossl_context_get_min_proto_version (ctx), ==, 0x0303);
  g_assert_cmpint (gossl_context_get_max_proto_version (ctx), ==, 0x0304);
  g_assert_true (gossl_context_set_max_proto_version (ctx, 0, &error));
  g_assert_cmpint (gossl_context_get_max_proto_version (ctx), ==, 0);
  g_assert_false (gossl_context_set_min_proto_version (ctx, 0x0999, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_context_set_max_proto_version (ctx, -1, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* The single-version methods are pinned with the same settings. */
  g_assert_cmpint (gossl_context_get_min_proto_version (pinned), ==, GOSSL_TLS1_2_VERSION);
  g_assert_cmpint (gossl_context_get_max_proto_version (pinned), ==, GOSSL_TLS1_2_VERSION);

  /* A client capped at TLS 1.2 gets TLS 1.2. */
  g_assert_true (gossl_context_set_max_proto_version (cctx, GOSSL_TLS1_2_VERSION, &error));
  memory_pair (cctx, sctx, &client, &server);
  g_assert_cmpint (gossl_connection_get_protocol_version (client), ==, 0);
  g_assert_cmpint (gossl_connection_get_cipher_bits (client), ==, -1);
  g_assert_null (gossl_connection_get_cipher_version (client));
  memory_handshake_ok (client, server);
  g_assert_cmpint (gossl_connection_get_protocol_version (client), ==, GOSSL_TLS1_2_VERSION);
  g_assert_cmpint (gossl_connection_get_protocol_version (server), ==, GOSSL_TLS1_2_VERSION);
  g_assert_cmpstr (gossl_connection_get_protocol_version_name (client), ==, "TLSv1.2");
  g_assert_cmpint (gossl_connection_get_cipher_bits (client), >=, 128);
  g_assert_nonnull (gossl_connection_get_cipher_version (client));
  g_clear_object (&client);
  g_clear_object (&server);

  /* ... and no handshake with a server that wants TLS 1.3 at least. */
  g_assert_true (gossl_context_set_min_proto_version (sctx, GOSSL_TLS1_3_VERSION, &error));
  memory_pair (cctx, sctx, &client, &server);
  g_assert_false (memory_handshake (client, server, &cerr, &serr));
  g_assert_error (serr, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_HANDSHAKE);
  g_assert_nonnull (strstr (serr->message, "unsupported protocol"));
  g_assert_error (cerr, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_HANDSHAKE);
}

/* TLS 1.3 by default against openssl s_server; TLS 1.2 when capped. */
static void
test_proto_versions_openssl (void)
{
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLS_CLIENT);
  g_autoptr(GError) error = NULL;
  guint16 port;
  GSubprocess *server = spawn_s_server (&port, 2, NULL);
  int fd;

  for (int i = 0; i < 2; i++)
    {
      g_autoptr(GosslConnection) conn = NULL;

      if (i == 1)
        g_assert_true (gossl_context_set_max_proto_version (cctx, GOSSL_TLS1_2_VERSION, &error));
      conn = connect_client (cctx, port, server, &fd);
      g_assert_true (gossl_connection_do_handshake (conn, &error));
      g_assert_no_error (error);
      g_assert_cmpint (gossl_connection_get_protocol_version (conn), ==,
                       i == 0 ? GOSSL_TLS1_3_VERSION : GOSSL_TLS1_2_VERSION);
      g_assert_cmpstr (gossl_connection_get_protocol_version_name (conn), ==,
                       i == 0 ? "TLSv1.3" : "TLSv1.2");
      g_assert_nonnull (gossl_connection_get_cipher_name (conn));
      close (fd);
    }
  stop_server (server);
}

/* --- the memory transport ----------------------------------------------------- */

static void
test_memory_basics (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_TLS_SERVER);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLS_CLIENT);
  g_autoptr(GosslConnection) unconnected = gossl_connection_new (cctx, -1, NULL);
  g_autoptr(GosslConnection) client = NULL;
  g_autoptr(GosslConnection) server = NULL;
  g_autoptr(GByteArray) hello = NULL;
  g_autoptr(GByteArray) got = NULL;
  g_autoptr(GByteArray) big = g_byte_array_new ();
  g_autoptr(GByteArray) all = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  static const guint8 byte = 0x42;

  /* A socket connection has no BIOs to feed. */
  g_assert_false (gossl_connection_is_memory (unconnected));
  g_assert_cmpint (gossl_connection_bio_write (unconnected, &byte, 1, &error), ==, -1);
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gossl_connection_bio_read (unconnected, 10, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_connection_bio_shutdown (unconnected, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  memory_pair (cctx, sctx, &client, &server);
  g_assert_true (gossl_connection_is_memory (client));
  g_assert_cmpint (gossl_connection_get_fd (client), ==, -1);
  /* Nothing written yet. */
  g_assert_null (gossl_connection_bio_read (client, 4096, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_WANT_READ);
  g_clear_error (&error);
  /* The handshake writes the ClientHello and waits for the server. */
  g_assert_false (gossl_connection_do_handshake (client, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_WANT_READ);
  g_clear_error (&error);
  g_assert_true (gossl_connection_want_read (client));
  hello = gossl_connection_bio_read (client, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hello->len, ==, 1);
  g_assert_cmpuint (hello->data[0], ==, 0x16); /* a handshake record */
  g_assert_cmpint (gossl_connection_bio_write (server, hello->data, hello->len, &error), ==, 1);
  g_clear_pointer (&hello, g_byte_array_unref);
  /* bufsize 0 gives nothing, without an error. */
  hello = gossl_connection_bio_read (client, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hello->len, ==, 0);

  memory_handshake_ok (client, server);
  memory_exchange (client, server, "hello over memory");
  memory_exchange (server, client, "and back");

  /* Nothing to read: WANT_READ, not a block. */
  g_assert_null (gossl_connection_recv (server, 100, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_WANT_READ);
  g_clear_error (&error);

  /* 300 kB in records, read back in pieces. */
  for (guint i = 0; i < 300 * 1024; i++)
    {
      guint8 b = (guint8) (i * 7);

      g_byte_array_append (big, &b, 1);
    }
  g_assert_true (gossl_connection_send_all (client, big->data, big->len, &error));
  g_assert_no_error (error);
  shuttle (client, server);
  while (all->len < big->len)
    {
      g_autoptr(GByteArray) part = gossl_connection_recv (server, 65536, &error);

      g_assert_no_error (error);
      g_byte_array_append (all, part->data, part->len);
    }
  g_assert_cmpmem (all->data, all->len, big->data, big->len);

  /* A clean close: close_notify, then ZERO_RETURN. */
  g_assert_true (gossl_connection_shutdown (client, &error));
  g_assert_no_error (error);
  shuttle (client, server);
  g_assert_null (gossl_connection_recv (server, 100, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_ZERO_RETURN);
  g_clear_error (&error);
  g_assert_true (gossl_connection_shutdown (server, &error));
  g_assert_no_error (error);
}

static void
test_memory_eof (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_TLS_SERVER);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLS_CLIENT);
  g_autoptr(GosslConnection) client = NULL;
  g_autoptr(GosslConnection) server = NULL;
  g_autoptr(GError) error = NULL;

  /* The peer vanished without close_notify: unexpected EOF. */
  memory_pair (cctx, sctx, &client, &server);
  memory_handshake_ok (client, server);
  g_assert_true (gossl_connection_bio_shutdown (server, &error));
  g_assert_no_error (error);
  g_assert_null (gossl_connection_recv (server, 100, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_EOF);
  g_assert_cmpint (gossl_error_get_errno (), ==, -1);
  g_clear_error (&error);
  g_clear_object (&client);
  g_clear_object (&server);

  /* ... also in the middle of a handshake. */
  memory_pair (cctx, sctx, &client, &server);
  g_assert_false (gossl_connection_do_handshake (client, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_WANT_READ);
  g_clear_error (&error);
  g_assert_true (gossl_connection_bio_shutdown (client, &error));
  g_assert_false (gossl_connection_do_handshake (client, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_EOF);
  g_clear_error (&error);

  /* A memory connection given a socket is a socket connection. */
  g_clear_object (&client);
  client = gossl_connection_new_memory (cctx, &error);
  g_assert_no_error (error);
  {
    int fds[2];

    tls_socketpair (fds);
    g_assert_true (gossl_connection_set_fd (client, fds[0], &error));
    g_assert_no_error (error);
    g_assert_false (gossl_connection_is_memory (client));
    g_assert_null (gossl_connection_bio_read (client, 10, &error));
    g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_clear_object (&client);
    close (fds[0]);
    close (fds[1]);
  }
}

/* --- SNI ------------------------------------------------------------------------ */

typedef struct {
  GosslContext *alt;       /* the context to switch to for "alt.example" */
  char         *seen;      /* the name the handler saw ("" for none) */
  guint         calls;
  gboolean      refuse;
} SniData;

static gboolean
on_servername (GosslContext *ctx, GosslConnection *conn, SniData *data)
{
  const char *name = gossl_connection_get_servername (conn);
  g_autoptr(GError) error = NULL;

  data->calls++;
  g_free (data->seen);
  data->seen = g_strdup (name != NULL ? name : "");
  if (data->refuse)
    return FALSE;
  if (g_strcmp0 (name, "alt.example") == 0)
    {
      g_assert_true (gossl_connection_set_context (conn, data->alt, &error));
      g_assert_no_error (error);
      g_assert_true (gossl_connection_get_context (conn) == data->alt);
    }
  return TRUE;
}

static void
test_sni_callback (void)
{
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLS_CLIENT);
  GosslContext *sctx = context_with_cert ("server.pem", "server.key");
  g_autoptr(GosslContext) alt = context_with_cert ("ecdsa.pem", "ecdsa.key");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) cerr = NULL;
  g_autoptr(GError) serr = NULL;
  SniData data = { alt, NULL, 0, FALSE };
  const char *names[] = { "alt.example", "localhost", NULL };

  g_signal_connect (sctx, "servername", G_CALLBACK (on_servername), &data);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GosslConnection) client = NULL;
      g_autoptr(GosslConnection) server = NULL;

      memory_pair (cctx, sctx, &client, &server);
      g_assert_null (gossl_connection_get_servername (server));
      if (names[i] != NULL)
        {
          g_assert_true (gossl_connection_set_tlsext_host_name (client, names[i], &error));
          g_assert_no_error (error);
          g_assert_cmpstr (gossl_connection_get_servername (client), ==, names[i]);
        }
      memory_handshake_ok (client, server);
      g_assert_cmpuint (data.calls, ==, i + 1);
      /* Emitted whether or not the client named a server. */
      g_assert_cmpstr (data.seen, ==, names[i] != NULL ? names[i] : "");
      g_assert_cmpstr (gossl_connection_get_servername (server), ==, names[i]);
      /* alt.example got the ECDSA certificate (serial 4), the others the
       * RSA one (serial 2). */
      g_assert_cmpint (peer_serial (client), ==, i == 0 ? 4 : 2);
      g_assert_true (gossl_connection_get_context (server) == (i == 0 ? alt : sctx));
      memory_exchange (client, server, "after SNI");
    }

  /* The connection switched away holds no reference to its first context,
   * which may go while the connection lives. */
  {
    g_autoptr(GosslConnection) client = NULL;
    g_autoptr(GosslConnection) server = NULL;

    memory_pair (cctx, sctx, &client, &server);
    g_assert_true (gossl_connection_set_tlsext_host_name (client, "alt.example", &error));
    memory_handshake_ok (client, server);
    g_clear_object (&sctx);
    memory_exchange (client, server, "first context gone");
    g_assert_true (gossl_connection_get_context (server) == alt);
  }

  /* A handler returning FALSE refuses the name: unrecognized_name. */
  {
    g_autoptr(GosslConnection) client = NULL;
    g_autoptr(GosslConnection) server = NULL;

    sctx = context_with_cert ("server.pem", "server.key");
    g_signal_connect (sctx, "servername", G_CALLBACK (on_servername), &data);
    data.refuse = TRUE;
    memory_pair (cctx, sctx, &client, &server);
    g_assert_true (gossl_connection_set_tlsext_host_name (client, "nobody.example", &error));
    g_assert_false (memory_handshake (client, server, &cerr, &serr));
    g_assert_error (cerr, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_HANDSHAKE);
    g_assert_nonnull (strstr (cerr->message, "unrecognized name"));
    g_assert_error (serr, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_HANDSHAKE);
    g_clear_object (&sctx);
  }

  /* Names OpenSSL refuses. */
  {
    g_autoptr(GosslConnection) client = gossl_connection_new_memory (cctx, NULL);
    g_autofree char *long_name = g_strnfill (300, 'a');

    g_assert_false (gossl_connection_set_tlsext_host_name (client, long_name, &error));
    g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  }
  g_free (data.seen);
}

/* openssl s_server serves ecdsa.pem to clients asking for alt.example. */
static void
test_sni_openssl_server (void)
{
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLS_CLIENT);
  g_autofree char *cert2 = gossl_test_file_path ("ecdsa.pem");
  g_autofree char *key2 = gossl_test_file_path ("ecdsa.key");
  g_autoptr(GError) error = NULL;
  guint16 port;
  GSubprocess *server = spawn_s_server (&port, 2, "-servername", "alt.example",
                                        "-cert2", cert2, "-key2", key2, NULL);

  for (int i = 0; i < 2; i++)
    {
      g_autoptr(GosslConnection) conn = NULL;
      int fd;

      conn = connect_client (cctx, port, server, &fd);
      if (i == 0)
        g_assert_true (gossl_connection_set_tlsext_host_name (conn, "alt.example", &error));
      g_assert_no_error (error);
      g_assert_true (gossl_connection_do_handshake (conn, &error));
      g_assert_no_error (error);
      g_assert_cmpint (peer_serial (conn), ==, i == 0 ? 4 : 2);
      close (fd);
    }
  stop_server (server);
}

/* --- ALPN --------------------------------------------------------------------- */

typedef struct {
  char       **offered;
  const char  *answer;   /* what the handler returns */
} AlpnData;

static char *
on_alpn_select (GosslContext *ctx, GosslConnection *conn, const char *const *offered,
                AlpnData *data)
{
  g_strfreev (data->offered);
  data->offered = g_strdupv ((char **) offered);
  return g_strdup (data->answer);
}

static void
test_alpn_memory (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_TLS_SERVER);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLS_CLIENT);
  const char *server_list[] = { "h2", "http/1.1", NULL };
  const char *client_list[] = { "http/1.1", "h2", NULL };
  const char *other[] = { "spdy/1", NULL };
  g_autoptr(GError) error = NULL;
  AlpnData data = { NULL, NULL };
  g_autofree char *too_long = g_strnfill (256, 'x');
  const char *bad[] = { "h2", "", NULL };
  const char *bad2[] = { too_long, NULL };
  gulong handler;

  /* Names must be 1 to 255 bytes. */
  g_assert_false (gossl_context_set_alpn_protos (cctx, bad, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_context_set_alpn_protos (cctx, bad2, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (gossl_context_set_alpn_protos (sctx, server_list, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_context_set_alpn_protos (cctx, client_list, &error));
  g_assert_no_error (error);

  /* No handler: the server's own order of preference. */
  {
    g_autoptr(GosslConnection) client = NULL;
    g_autoptr(GosslConnection) server = NULL;
    g_autofree char *cproto = NULL;
    g_autofree char *sproto = NULL;

    memory_pair (cctx, sctx, &client, &server);
    g_assert_null (gossl_connection_get_alpn_proto_negotiated (client));
    memory_handshake_ok (client, server);
    cproto = gossl_connection_get_alpn_proto_negotiated (client);
    sproto = gossl_connection_get_alpn_proto_negotiated (server);
    g_assert_cmpstr (cproto, ==, "h2");
    g_assert_cmpstr (sproto, ==, "h2");
  }

  /* No handler and no overlap: the no_application_protocol alert. */
  {
    g_autoptr(GosslConnection) client = NULL;
    g_autoptr(GosslConnection) server = NULL;
    g_autoptr(GError) cerr = NULL;
    g_autoptr(GError) serr = NULL;

    memory_pair (cctx, sctx, &client, &server);
    g_assert_true (gossl_connection_set_alpn_protos (client, other, &error));
    g_assert_false (memory_handshake (client, server, &cerr, &serr));
    g_assert_error (serr, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_HANDSHAKE);
    g_assert_nonnull (strstr (serr->message, "no application protocol"));
    g_assert_error (cerr, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_HANDSHAKE);
    g_assert_nonnull (strstr (cerr->message, "no application protocol"));
  }

  handler = g_signal_connect (sctx, "alpn-select", G_CALLBACK (on_alpn_select), &data);

  /* The handler sees the client's list and picks. */
  {
    g_autoptr(GosslConnection) client = NULL;
    g_autoptr(GosslConnection) server = NULL;
    g_autofree char *cproto = NULL;

    data.answer = "http/1.1";
    memory_pair (cctx, sctx, &client, &server);
    memory_handshake_ok (client, server);
    g_assert_cmpuint (g_strv_length (data.offered), ==, 2);
    g_assert_cmpstr (data.offered[0], ==, "http/1.1");
    g_assert_cmpstr (data.offered[1], ==, "h2");
    cproto = gossl_connection_get_alpn_proto_negotiated (client);
    g_assert_cmpstr (cproto, ==, "http/1.1");
  }

  /* NULL: no overlap, the handshake goes on without ALPN. */
  {
    g_autoptr(GosslConnection) client = NULL;
    g_autoptr(GosslConnection) server = NULL;

    data.answer = NULL;
    memory_pair (cctx, sctx, &client, &server);
    memory_handshake_ok (client, server);
    g_assert_null (gossl_connection_get_alpn_proto_negotiated (client));
    g_assert_null (gossl_connection_get_alpn_proto_negotiated (server));
  }

  /* A protocol the client did not offer fails the handshake. */
  for (int i = 0; i < 2; i++)
    {
      g_autoptr(GosslConnection) client = NULL;
      g_autoptr(GosslConnection) server = NULL;
      g_autoptr(GError) cerr = NULL;
      g_autoptr(GError) serr = NULL;

      data.answer = i == 0 ? "" : "spdy/1";
      memory_pair (cctx, sctx, &client, &server);
      g_assert_false (memory_handshake (client, server, &cerr, &serr));
      g_assert_error (cerr, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_HANDSHAKE);
      g_assert_nonnull (strstr (cerr->message, "no application protocol"));
    }

  /* A client that offers nothing: no emission. */
  {
    g_autoptr(GosslConnection) client = NULL;
    g_autoptr(GosslConnection) server = NULL;

    g_clear_pointer (&data.offered, g_strfreev);
    memory_pair (cctx, sctx, &client, &server);
    g_assert_true (gossl_connection_set_alpn_protos (client, NULL, &error));
    memory_handshake_ok (client, server);
    g_assert_null (data.offered);
    g_assert_null (gossl_connection_get_alpn_proto_negotiated (client));
  }

  g_signal_handler_disconnect (sctx, handler);
  g_strfreev (data.offered);
}

static void
test_alpn_openssl_server (void)
{
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLS_CLIENT);
  const char *offer[] = { "h2", "http/1.1", NULL };
  const char *no_overlap[] = { "h2", NULL };
  g_autoptr(GError) error = NULL;
  guint16 port;
  GSubprocess *server = spawn_s_server (&port, 2, "-alpn", "http/1.1", NULL);
  g_autoptr(GosslConnection) conn = NULL;
  g_autofree char *proto = NULL;
  int fd;

  g_assert_true (gossl_context_set_alpn_protos (cctx, offer, &error));
  conn = connect_client (cctx, port, server, &fd);
  g_assert_true (gossl_connection_do_handshake (conn, &error));
  g_assert_no_error (error);
  proto = gossl_connection_get_alpn_proto_negotiated (conn);
  g_assert_cmpstr (proto, ==, "http/1.1");
  close (fd);
  g_clear_object (&conn);

  /* s_server refuses a client with no common protocol. */
  conn = connect_client (cctx, port, server, &fd);
  g_assert_true (gossl_connection_set_alpn_protos (conn, no_overlap, &error));
  g_assert_false (gossl_connection_do_handshake (conn, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_HANDSHAKE);
  g_assert_true (tls_errors_mention ("no application protocol"));
  close (fd);
  stop_server (server);
}

/* A gossl server (SNI switch, ALPN choice) against openssl s_client. */
static void
test_sni_alpn_openssl_client (void)
{
  GosslContext *sctx = context_with_cert ("server.pem", "server.key");
  g_autoptr(GosslContext) alt = context_with_cert ("ecdsa.pem", "ecdsa.key");
  g_autofree char *ca = gossl_test_file_path ("ca.pem");
  g_autoptr(GError) error = NULL;
  SniData sni = { alt, NULL, 0, FALSE };
  AlpnData alpn = { NULL, "http/1.1" };
  AlpnData unused = { NULL, "h2" };
  guint16 port;
  int listen_fd = tls_listen (&port);
  g_autofree char *connect = g_strdup_printf ("127.0.0.1:%u", port);
  GSubprocess *client;
  g_autoptr(GosslConnection) conn = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autofree char *text = NULL;
  int fd;

  g_signal_connect (sctx, "servername", G_CALLBACK (on_servername), &sni);
  /* ALPN comes after SNI: the context switched to chooses. */
  g_signal_connect (sctx, "alpn-select", G_CALLBACK (on_alpn_select), &unused);
  g_signal_connect (alt, "alpn-select", G_CALLBACK (on_alpn_select), &alpn);
  client = tls_spawn_openssl ("s_client", "-connect", connect, "-servername", "alt.example",
                              "-alpn", "h2,http/1.1", "-CAfile", ca, "-verify_return_error",
                              NULL);
  fd = tls_accept (listen_fd);
  conn = tls_server_connection (sctx, fd);
  g_assert_true (gossl_connection_do_handshake (conn, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sni.seen, ==, "alt.example");
  g_assert_cmpuint (g_strv_length (alpn.offered), ==, 2);
  g_assert_cmpstr (alpn.offered[0], ==, "h2");
  g_assert_cmpstr (alpn.offered[1], ==, "http/1.1");
  g_assert_true (gossl_connection_send_all (conn, (const guint8 *) "bye\n", 4, &error));
  gossl_connection_shutdown (conn, NULL);
  close (fd);
  close (listen_fd);

  g_output_stream_close (g_subprocess_get_stdin_pipe (client), NULL, NULL);
  out = tls_read_stdout (client);
  text = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
  g_assert_nonnull (strstr (text, "ALPN protocol: http/1.1"));
  /* The certificate of the context switched to: ECDSA P-256. */
  g_assert_nonnull (strstr (text, "Server public key is 256 bit"));
  g_assert_nonnull (strstr (text, "Verify return code: 0 (ok)"));
  tls_stop_openssl (client);
  g_object_unref (client);
  g_object_unref (sctx);
  g_assert_null (unused.offered);
  g_free (sni.seen);
  g_strfreev (alpn.offered);
}

/* --- hostname verification ---------------------------------------------------- */

typedef struct {
  int errnum;
  int depth;
} VerifySeen;

static gboolean
on_verify_record (GosslContext *ctx, GosslConnection *conn, GosslX509 *cert, int errnum,
                  int depth, gboolean ok, VerifySeen *seen)
{
  if (!ok && seen->errnum == 0)
    {
      seen->errnum = errnum;
      seen->depth = depth;
    }
  return ok;
}

static void
test_hostname_openssl_server (void)
{
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLS_CLIENT);
  const char *names[] = { "localhost", "127.0.0.1", "wrong.example", "127.0.0.2", "[127.0.0.1]" };
  const gboolean good[] = { TRUE, TRUE, FALSE, FALSE, TRUE };
  const char *reasons[] = { NULL, NULL, "hostname mismatch", "IP address mismatch", NULL };
  guint16 port;
  GSubprocess *server = spawn_s_server (&port, G_N_ELEMENTS (names), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GosslConnection) conn = NULL;
      g_autoptr(GError) error = NULL;
      int fd;

      conn = connect_client (cctx, port, server, &fd);
      g_assert_true (gossl_connection_set_verify_hostname (conn, names[i], &error));
      g_assert_no_error (error);
      if (good[i])
        {
          g_assert_true (gossl_connection_do_handshake (conn, &error));
          g_assert_no_error (error);
          g_assert_cmpint (gossl_connection_get_verify_result (conn), ==, 0);
        }
      else
        {
          g_assert_false (gossl_connection_do_handshake (conn, &error));
          g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_BAD_CERTIFICATE);
          g_assert_nonnull (strstr (error->message, "certificate verify failed"));
          g_assert_nonnull (strstr (error->message, reasons[i]));
          g_assert_true (tls_errors_mention ("certificate verify failed"));
          g_assert_true (tls_errors_mention (reasons[i]));
          g_assert_cmpint (gossl_connection_get_verify_result (conn), ==,
                           i == 2 ? X509_V_ERR_HOSTNAME_MISMATCH : X509_V_ERR_IP_ADDRESS_MISMATCH);
        }
      close (fd);
    }
  stop_server (server);
}

static void
test_hostname_memory (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_TLS_SERVER);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLS_CLIENT);
  g_autoptr(GosslContext) lax = gossl_context_new (GOSSL_METHOD_TLS_CLIENT, NULL);
  g_autoptr(GError) error = NULL;
  VerifySeen seen = { 0, -1 };

  gossl_context_set_verify (lax, GOSSL_VERIFY_NONE);

  /* The verify signal sees the mismatch at depth 0. */
  {
    g_autoptr(GosslConnection) client = NULL;
    g_autoptr(GosslConnection) server = NULL;
    g_autoptr(GError) cerr = NULL;

    g_signal_connect (cctx, "verify", G_CALLBACK (on_verify_record), &seen);
    memory_pair (cctx, sctx, &client, &server);
    g_assert_true (gossl_connection_set_verify_hostname (client, "other.example", &error));
    g_assert_false (memory_handshake (client, server, &cerr, NULL));
    g_assert_error (cerr, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_BAD_CERTIFICATE);
    g_assert_nonnull (strstr (cerr->message, "hostname mismatch"));
    g_assert_cmpint (seen.errnum, ==, X509_V_ERR_HOSTNAME_MISMATCH);
    g_assert_cmpint (seen.depth, ==, 0);
  }

  /* Wildcards and names can be cleared again. */
  {
    g_autoptr(GosslConnection) client = NULL;
    g_autoptr(GosslConnection) server = NULL;

    memory_pair (cctx, sctx, &client, &server);
    g_assert_true (gossl_connection_set_verify_hostname (client, "other.example", &error));
    g_assert_true (gossl_connection_set_verify_hostname (client, NULL, &error));
    g_assert_no_error (error);
    memory_handshake_ok (client, server);
  }

  /* Without VERIFY_PEER the mismatch is recorded, not fatal. */
  {
    g_autoptr(GosslConnection) client = NULL;
    g_autoptr(GosslConnection) server = NULL;

    memory_pair (lax, sctx, &client, &server);
    g_assert_true (gossl_connection_set_verify_hostname (client, "other.example", &error));
    memory_handshake_ok (client, server);
    g_assert_cmpint (gossl_connection_get_verify_result (client), !=, 0);
  }
}

/* What is neither a DNS name nor an IP address. OpenSSL would read ""
 * as "check no name" and ".example.com" as "any subdomain"; the others
 * can only be mistakes. */
static const char *const bad_host_names[] = {
  "", "[]", "[", "]", "[evil.example.com]", ".example.com", "..example.com",
  "example.com.", "evil..example.com", "*.example.com", "*", "evil*.example.com",
  " evil.example.com", "evil.example.com ", "evil .example.com", "evil.example.com\n",
  "evil\texample.com", "evil.example.com/", "evil.example.com:443", "1.2.3", "256.1.1.1",
};

/* A server over a socket pair with a certificate for evil.example.com that
 * the client's CA signed (made by the openssl command, server.key's key). */
static GosslContext *
evil_server_context (const char *dir)
{
  g_autofree char *key = gossl_test_file_path ("server.key");
  g_autofree char *ca = gossl_test_file_path ("ca.pem");
  g_autofree char *ca_key = gossl_test_file_path ("ca.key");
  g_autofree char *cert = g_build_filename (dir, "evil.pem", NULL);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  GosslContext *ctx;

  proc = tls_spawn_openssl ("req", "-x509", "-new", "-key", key, "-subj", "/CN=evil.example.com",
                            "-addext", "subjectAltName=DNS:evil.example.com",
                            "-CA", ca, "-CAkey", ca_key, "-days", "2", "-out", cert, NULL);
  g_assert_true (g_subprocess_wait_check (proc, NULL, &error));
  g_assert_no_error (error);
  ctx = gossl_context_new (GOSSL_METHOD_TLS_SERVER, &error);
  g_assert_true (gossl_context_use_certificate_file (ctx, cert, GOSSL_FILETYPE_PEM, &error));
  g_assert_true (gossl_context_use_privatekey_file (ctx, key, GOSSL_FILETYPE_PEM, &error));
  g_assert_no_error (error);
  g_unlink (cert);
  return ctx;
}

/* The client's handshake against the evil server, with the name check
 * @name set (NULL: none). */
static gboolean
evil_handshake (GosslContext *cctx, GosslContext *sctx, const char *name)
{
  g_auto(TlsPair) pair = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean ok;

  tls_pair_start (&pair, cctx, sctx);
  if (name != NULL)
    {
      g_assert_true (gossl_connection_set_verify_hostname (pair.client, name, &error));
      g_assert_no_error (error);
    }
  ok = gossl_connection_do_handshake (pair.client, &error);
  if (!ok)
    g_assert_true (tls_errors_mention ("hostname mismatch"));
  tls_server_join (&pair.server);
  return ok;
}

static void
test_hostname_refused (void)
{
  g_autofree char *dir = g_dir_make_tmp ("gossl-hostname-XXXXXX", NULL);
  g_autoptr(GosslContext) sctx = evil_server_context (dir);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLS_CLIENT);

  g_rmdir (dir);
  /* The certificate is good for its own name, in any case, and no other. */
  g_assert_true (evil_handshake (cctx, sctx, "evil.example.com"));
  g_assert_true (evil_handshake (cctx, sctx, "EVIL.Example.COM"));
  g_assert_false (evil_handshake (cctx, sctx, "example.com"));
  g_assert_false (evil_handshake (cctx, sctx, "good.example.com"));

  for (guint i = 0; i < G_N_ELEMENTS (bad_host_names); i++)
    {
      const char *name = bad_host_names[i];
      g_auto(TlsPair) pair = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(GosslConnection) memory = gossl_connection_new_memory (cctx, NULL);
      g_autoptr(GIOStream) base = NULL;
      g_autoptr(GosslTlsStream) tls = NULL;

      g_test_message ("name \"%s\"", name);
      /* Refused, and the check set before stays: the evil certificate
       * fails it. */
      tls_pair_start (&pair, cctx, sctx);
      g_assert_true (gossl_connection_set_verify_hostname (pair.client, "example.com", &error));
      g_assert_false (gossl_connection_set_verify_hostname (pair.client, name, &error));
      g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "is not a host name or IP address"));
      g_clear_error (&error);
      g_assert_false (gossl_connection_do_handshake (pair.client, &error));
      g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_BAD_CERTIFICATE);
      g_assert_true (tls_errors_mention ("hostname mismatch"));
      g_clear_error (&error);
      tls_server_join (&pair.server);

      g_assert_false (gossl_connection_set_tlsext_host_name (memory, name, &error));
      g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
      g_assert_null (gossl_connection_get_servername (memory));

      base = G_IO_STREAM (g_simple_io_stream_new (g_memory_input_stream_new (),
                                                  g_memory_output_stream_new_resizable ()));
      tls = gossl_tls_stream_new_client (cctx, base, name, &error);
      g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
      g_assert_null (tls);
    }
}

static void
test_hostname_forms (void)
{
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLS_CLIENT);
  g_autoptr(GosslConnection) conn = gossl_connection_new_memory (cctx, NULL);
  g_autoptr(GError) error = NULL;
  const char *const good[] = { "localhost", "a-b_c.example", "xn--bcher-kva.example", "::1",
                               "[::1]", "[127.0.0.1]", "10.0.0.1", "a.b.c.d.e.example" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_assert_true (gossl_connection_set_verify_hostname (conn, good[i], &error));
      g_assert_no_error (error);
    }
  /* International names go out in their ASCII form. */
  g_assert_true (gossl_connection_set_tlsext_host_name (conn, "b\xc3\xbc" "cher.example", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gossl_connection_get_servername (conn), ==, "xn--bcher-kva.example");
  /* RFC 6066: a server name is no IP address. */
  g_assert_false (gossl_connection_set_tlsext_host_name (conn, "127.0.0.1", &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* Not UTF-8 either: refused, with a message that is. */
  g_assert_false (gossl_connection_set_verify_hostname (conn, "evil\xff.example", &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_clear_error (&error);
  /* NULL still clears the check. */
  g_assert_true (gossl_connection_set_verify_hostname (conn, NULL, &error));
  g_assert_no_error (error);
}

/* --- certificate chains ------------------------------------------------------- */

static void
test_peer_cert_chain (void)
{
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLS_CLIENT);
  g_autofree char *ca = gossl_test_file_path ("ca.pem");
  g_autoptr(GError) error = NULL;
  guint16 port;
  GSubprocess *server = spawn_s_server (&port, 2, "-cert_chain", ca, NULL);

  for (int i = 0; i < 2; i++)
    {
      g_autoptr(GosslConnection) conn = NULL;
      g_autoptr(GPtrArray) chain = NULL;
      g_autoptr(GPtrArray) verified = NULL;
      g_autoptr(GosslX509) root = NULL;
      int fd;

      if (i == 1)
        gossl_context_set_verify (cctx, GOSSL_VERIFY_NONE);
      conn = connect_client (cctx, port, server, &fd);
      g_assert_null (gossl_connection_get_peer_cert_chain (conn));
      g_assert_null (gossl_connection_get_verified_chain (conn));
      g_assert_true (gossl_connection_do_handshake (conn, &error));
      g_assert_no_error (error);

      /* What the server sent: its certificate, then ca.pem. */
      chain = gossl_connection_get_peer_cert_chain (conn);
      g_assert_nonnull (chain);
      g_assert_cmpuint (chain->len, ==, 2);
      g_assert_cmpint (cert_serial (chain->pdata[0]), ==, 2);
      g_assert_cmpint (cert_serial (chain->pdata[1]), ==, 1);
      /* What verification built. */
      verified = gossl_connection_get_verified_chain (conn);
      if (i == 0)
        {
          g_assert_nonnull (verified);
          g_assert_cmpuint (verified->len, ==, 2);
          g_assert_cmpint (cert_serial (verified->pdata[1]), ==, 1);
        }
      close (fd);
    }
  stop_server (server);
}

/* --- sessions --------------------------------------------------------------------- */

/* Resumes a session against openssl s_server -www: the first connection
 * reads a page (which brings TLS 1.3 tickets along), the second offers its
 * session. */
static void
resume_against_openssl (int max_version)
{
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLS_CLIENT);
  g_autoptr(GosslSession) session = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;
  GSubprocess *server = spawn_s_server (&port, 2, "-www", NULL);
  static const char request[] = "GET / HTTP/1.0\r\n\r\n";

  g_assert_true (gossl_context_set_max_proto_version (cctx, max_version, &error));
  for (int i = 0; i < 2; i++)
    {
      g_autoptr(GosslConnection) conn = NULL;
      g_autoptr(GString) page = g_string_new (NULL);
      int fd;

      conn = connect_client (cctx, port, server, &fd);
      g_assert_null (gossl_connection_get_session (conn));
      if (session != NULL)
        {
          g_assert_true (gossl_connection_set_session (conn, session, &error));
          g_assert_no_error (error);
        }
      g_assert_true (gossl_connection_do_handshake (conn, &error));
      g_assert_no_error (error);
      g_assert_true (gossl_connection_session_reused (conn) == (i == 1));
      g_assert_true (gossl_connection_send_all (conn, (const guint8 *) request,
                                                strlen (request), &error));
      for (;;)
        {
          g_autoptr(GByteArray) part = gossl_connection_recv (conn, 4096, &error);

          if (part == NULL)
            break;
          g_string_append_len (page, (const char *) part->data, part->len);
        }
      g_assert_true (error->code == GOSSL_SSL_ERROR_ZERO_RETURN ||
                     error->code == GOSSL_SSL_ERROR_EOF);
      g_clear_error (&error);
      g_assert_nonnull (strstr (page->str, "HTTP/1.0 200 ok"));
      /* s_server -www says whether it resumed. */
      g_assert_nonnull (strstr (page->str, i == 0 ? "\nNew, TLSv1." : "\nReused, TLSv1."));
      if (i == 0)
        {
          session = gossl_connection_get_session (conn);
          g_assert_nonnull (session);
          g_assert_true (gossl_session_is_resumable (session));
          g_assert_cmpint (gossl_session_get_protocol_version (session), ==, max_version);
        }
      /* Freed without our close_notify, the connection would make OpenSSL
       * drop its session as possibly truncated. */
      gossl_connection_shutdown (conn, NULL);
      close (fd);
    }
  stop_server (server);
}

static void
test_session_openssl_tls13 (void)
{
  resume_against_openssl (GOSSL_TLS1_3_VERSION);
}

static void
test_session_openssl_tls12 (void)
{
  resume_against_openssl (GOSSL_TLS1_2_VERSION);
}

static void
resume_memory (int version)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_TLS_SERVER);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLS_CLIENT);
  g_autoptr(GosslSession) session = NULL;
  g_autoptr(GosslSession) empty = gossl_session_new ();
  g_autoptr(GByteArray) empty_id = gossl_session_get_id (empty);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (empty_id->len, ==, 0);
  g_assert_false (gossl_session_is_resumable (empty));
  g_assert_true (gossl_context_set_max_proto_version (cctx, version, &error));
  for (int i = 0; i < 3; i++)
    {
      g_autoptr(GosslConnection) client = NULL;
      g_autoptr(GosslConnection) server = NULL;

      memory_pair (cctx, sctx, &client, &server);
      g_assert_null (gossl_connection_get_session (client));
      /* 1: the session of the first; 2: an empty one, refused. */
      if (i > 0)
        g_assert_true (gossl_connection_set_session (client, i == 1 ? session : empty, &error));
      g_assert_no_error (error);
      memory_handshake_ok (client, server);
      memory_exchange (server, client, "ticket time");
      g_assert_true (gossl_connection_session_reused (client) == (i == 1));
      g_assert_true (gossl_connection_session_reused (server) == (i == 1));
      if (i == 0)
        {
          g_autoptr(GByteArray) id = NULL;

          session = gossl_connection_get_session (client);
          g_assert_nonnull (session);
          g_assert_true (gossl_session_is_resumable (session));
          id = gossl_session_get_id (session);
          g_assert_cmpuint (id->len, >, 0);
        }
      /* A clean close keeps the session resumable. */
      gossl_connection_shutdown (client, NULL);
      shuttle (client, server);
      gossl_connection_shutdown (server, NULL);
    }
}

static void
test_session_memory_tls13 (void)
{
  resume_memory (GOSSL_TLS1_3_VERSION);
}

static void
test_session_memory_tls12 (void)
{
  resume_memory (GOSSL_TLS1_2_VERSION);
}

/* --- CA directories and default paths ------------------------------------------ */

static char *
make_ca_dir (gboolean with_ca)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ca = gossl_test_file_path ("ca.pem");
  g_autoptr(GBytes) pem = gossl_test_load_file ("ca.pem");
  char *dir = g_dir_make_tmp ("gossl-capath-XXXXXX", &error);
  g_autofree char *copy = g_build_filename (dir, "ca.pem", NULL);
  g_autoptr(GSubprocess) rehash = NULL;

  g_assert_no_error (error);
  if (with_ca)
    {
      g_assert_true (g_file_set_contents (copy, g_bytes_get_data (pem, NULL),
                                          g_bytes_get_size (pem), &error));
      g_assert_no_error (error);
    }
  rehash = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                             &error, "openssl", "rehash", dir, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (rehash, NULL, &error));
  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static gboolean
verifies_with (GosslContext *cctx)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_TLS_SERVER);
  g_autoptr(GosslConnection) client = NULL;
  g_autoptr(GosslConnection) server = NULL;
  g_autoptr(GError) cerr = NULL;
  gboolean ok;

  gossl_context_set_verify (cctx, GOSSL_VERIFY_PEER);
  memory_pair (cctx, sctx, &client, &server);
  g_assert_true (gossl_connection_set_verify_hostname (client, "localhost", NULL));
  ok = memory_handshake (client, server, &cerr, NULL);
  if (!ok)
    {
      g_assert_error (cerr, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_BAD_CERTIFICATE);
      /* The server's failure recorded its own error list since. */
      g_assert_nonnull (strstr (cerr->message, "unable to get local issuer certificate"));
    }
  return ok;
}

static void
test_verify_directory (void)
{
  g_autofree char *dir = make_ca_dir (TRUE);
  g_autofree char *empty = make_ca_dir (FALSE);
  g_autoptr(GosslContext) good = gossl_context_new (GOSSL_METHOD_TLS_CLIENT, NULL);
  g_autoptr(GosslContext) bad = gossl_context_new (GOSSL_METHOD_TLS_CLIENT, NULL);
  g_autoptr(GosslContext) none = gossl_context_new (GOSSL_METHOD_TLS_CLIENT, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (gossl_context_load_verify_locations (good, NULL, dir, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_context_load_verify_locations (bad, NULL, empty, &error));
  g_assert_no_error (error);
  g_assert_true (verifies_with (good));
  g_assert_false (verifies_with (bad));
  g_assert_false (verifies_with (none));
  remove_dir (dir);
  remove_dir (empty);
}

static void
test_default_verify_paths (void)
{
  g_autofree char *dir = make_ca_dir (TRUE);
  g_autofree char *old_dir = g_strdup (g_getenv ("SSL_CERT_DIR"));
  g_autofree char *old_file = g_strdup (g_getenv ("SSL_CERT_FILE"));
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_TLS_CLIENT, NULL);
  g_autoptr(GosslContext) system = gossl_context_new (GOSSL_METHOD_TLS_CLIENT, NULL);
  g_autoptr(GError) error = NULL;

  /* OpenSSL reads the variables when the paths are set. */
  g_setenv ("SSL_CERT_DIR", dir, TRUE);
  g_setenv ("SSL_CERT_FILE", "/nonexistent/gossl-ca.pem", TRUE);
  g_assert_true (gossl_context_set_default_verify_paths (ctx, &error));
  g_assert_no_error (error);
  g_unsetenv ("SSL_CERT_DIR");
  g_unsetenv ("SSL_CERT_FILE");
  /* The system's CAs did not sign the test server. */
  g_assert_true (gossl_context_set_default_verify_paths (system, &error));
  g_assert_no_error (error);
  if (old_dir != NULL)
    g_setenv ("SSL_CERT_DIR", old_dir, TRUE);
  if (old_file != NULL)
    g_setenv ("SSL_CERT_FILE", old_file, TRUE);

  g_assert_true (verifies_with (ctx));
  g_assert_false (verifies_with (system));
  remove_dir (dir);
}

/* --- error messages with file names --------------------------------------------- */

static void
test_file_name_messages (void)
{
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_TLS, NULL);
  g_autoptr(GError) error = NULL;
  const char *latin1 = "/nonexistent/caf\xe9.pem"; /* not UTF-8 */

  g_assert_false (gossl_context_use_certificate_file (ctx, latin1, GOSSL_FILETYPE_PEM, &error));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "/nonexistent/caf"));
  g_clear_error (&error);
  g_assert_false (gossl_context_use_privatekey_file (ctx, latin1, GOSSL_FILETYPE_PEM, &error));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_clear_error (&error);
  g_assert_false (gossl_context_use_certificate_chain_file (ctx, latin1, &error));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_clear_error (&error);
  g_assert_false (gossl_context_load_verify_locations (ctx, latin1, latin1, &error));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_clear_error (&error);
  g_assert_false (gossl_context_load_client_ca (ctx, latin1, &error));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_clear_error (&error);
  g_assert_false (gossl_context_load_tmp_dh (ctx, latin1, &error));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  signal (SIGPIPE, SIG_IGN);

  tls_test_add ("/tls-modern/proto-versions", test_proto_versions);
  tls_test_add ("/tls-modern/proto-versions/openssl", test_proto_versions_openssl);
  tls_test_add ("/tls-modern/memory/basics", test_memory_basics);
  tls_test_add ("/tls-modern/memory/eof", test_memory_eof);
  tls_test_add ("/tls-modern/sni/callback", test_sni_callback);
  tls_test_add ("/tls-modern/sni/openssl-server", test_sni_openssl_server);
  tls_test_add ("/tls-modern/alpn/memory", test_alpn_memory);
  tls_test_add ("/tls-modern/alpn/openssl-server", test_alpn_openssl_server);
  tls_test_add ("/tls-modern/sni-alpn/openssl-client", test_sni_alpn_openssl_client);
  tls_test_add ("/tls-modern/hostname/openssl-server", test_hostname_openssl_server);
  tls_test_add ("/tls-modern/hostname/memory", test_hostname_memory);
  tls_test_add ("/tls-modern/hostname/refused", test_hostname_refused);
  tls_test_add ("/tls-modern/hostname/forms", test_hostname_forms);
  tls_test_add ("/tls-modern/chain", test_peer_cert_chain);
  tls_test_add ("/tls-modern/session/openssl-tls13", test_session_openssl_tls13);
  tls_test_add ("/tls-modern/session/openssl-tls12", test_session_openssl_tls12);
  tls_test_add ("/tls-modern/session/memory-tls13", test_session_memory_tls13);
  tls_test_add ("/tls-modern/session/memory-tls12", test_session_memory_tls12);
  tls_test_add ("/tls-modern/verify-dir", test_verify_directory);
  tls_test_add ("/tls-modern/default-verify-paths", test_default_verify_paths);
  tls_test_add ("/tls-modern/file-name-messages", test_file_name_messages);

  return g_test_run ();
}
