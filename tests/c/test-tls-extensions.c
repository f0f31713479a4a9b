/* test-tls-extensions.c: OCSP stapling, key logging, exported keying
 * material, handshake secrets and DTLS (cookies, MTU), with real handshakes
 * over socket pairs (datagram sockets for DTLS).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "tls-helpers.h"

#include <gossl/gossl.h>

static const char STAPLE[] = "not really DER, but OpenSSL does not look";

/* --- OCSP stapling ------------------------------------------------------------ */

typedef struct {
  GBytes   *to_staple;   /* what the server hands; NULL fails its handshake */
  guint     requests;
  GBytes   *received;    /* what the client's handler got */
  gboolean  accept;
  GError   *reentry;     /* request_ocsp() from inside the client's handler */
} Ocsp;

static GBytes *
on_ocsp_request (GosslContext *ctx, GosslConnection *conn, gpointer data)
{
  Ocsp *ocsp = data;

  ocsp->requests++;
  return ocsp->to_staple != NULL ? g_bytes_ref (ocsp->to_staple) : NULL;
}

static gboolean
on_ocsp_response (GosslContext *ctx, GosslConnection *conn, GBytes *response, gpointer data)
{
  Ocsp *ocsp = data;

  g_clear_pointer (&ocsp->received, g_bytes_unref);
  ocsp->received = g_bytes_ref (response);
  g_clear_error (&ocsp->reentry);
  g_assert_false (gossl_connection_request_ocsp (conn, &ocsp->reentry));
  return ocsp->accept;
}

static void
ocsp_clear (Ocsp *ocsp)
{
  g_clear_pointer (&ocsp->to_staple, g_bytes_unref);
  g_clear_pointer (&ocsp->received, g_bytes_unref);
  g_clear_error (&ocsp->reentry);
}

/* A handshake with OCSP handlers on both sides; TRUE when the client's
 * succeeded. */
static gboolean
ocsp_handshake (Ocsp *ocsp, gboolean request, gboolean server_handler)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLS);
  g_auto(TlsPair) pair = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (server_handler)
    g_signal_connect (sctx, "ocsp-status-request", G_CALLBACK (on_ocsp_request), ocsp);
  g_signal_connect (cctx, "ocsp-status-response", G_CALLBACK (on_ocsp_response), ocsp);
  tls_pair_start (&pair, cctx, sctx);
  if (request)
    {
      g_assert_true (gossl_connection_request_ocsp (pair.client, &error));
      g_assert_no_error (error);
    }
  /* A failure on either side sends the other an alert. */
  ok = gossl_connection_do_handshake (pair.client, &error);
  tls_server_join (&pair.server);
  g_assert_true (ok == pair.server.handshake_ok);
  return ok;
}

static void
test_ocsp_staple (void)
{
  Ocsp ocsp = { .to_staple = g_bytes_new_static (STAPLE, sizeof STAPLE), .accept = TRUE };

  g_assert_true (ocsp_handshake (&ocsp, TRUE, TRUE));
  g_assert_cmpuint (ocsp.requests, ==, 1);
  g_assert_nonnull (ocsp.received);
  g_assert_true (g_bytes_equal (ocsp.received, ocsp.to_staple));
  g_assert_error (ocsp.reentry, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  g_assert_nonnull (strstr (ocsp.reentry->message, "ocsp-status-response"));
  ocsp_clear (&ocsp);
}

static void
test_ocsp_not_requested (void)
{
  Ocsp ocsp = { .to_staple = g_bytes_new_static (STAPLE, sizeof STAPLE), .accept = FALSE };

  g_assert_true (ocsp_handshake (&ocsp, FALSE, TRUE));
  g_assert_cmpuint (ocsp.requests, ==, 0);
  g_assert_null (ocsp.received);
  ocsp_clear (&ocsp);
}

static void
test_ocsp_nothing_stapled (void)
{
  Ocsp ocsp = { .to_staple = g_bytes_new (NULL, 0), .accept = TRUE };

  /* Empty bytes from the handler, or no handler: the client's gets empty
   * bytes. */
  g_assert_true (ocsp_handshake (&ocsp, TRUE, TRUE));
  g_assert_cmpuint (g_bytes_get_size (ocsp.received), ==, 0);
  g_clear_pointer (&ocsp.received, g_bytes_unref);
  g_assert_true (ocsp_handshake (&ocsp, TRUE, FALSE));
  g_assert_cmpuint (g_bytes_get_size (ocsp.received), ==, 0);
  ocsp_clear (&ocsp);
}

static void
test_ocsp_refused (void)
{
  Ocsp ocsp = { .to_staple = g_bytes_new_static (STAPLE, sizeof STAPLE), .accept = FALSE };

  g_assert_false (ocsp_handshake (&ocsp, TRUE, TRUE));
  g_assert_nonnull (ocsp.received);
  ocsp_clear (&ocsp);

  /* NULL from the server's handler fails the server's handshake. */
  ocsp.accept = TRUE;
  ocsp.requests = 0;
  g_assert_false (ocsp_handshake (&ocsp, TRUE, TRUE));
  g_assert_cmpuint (ocsp.requests, ==, 1);
  g_assert_null (ocsp.received);
  ocsp_clear (&ocsp);
}

/* --- key log, exported keys, secrets ---------------------------------------- */

static void
on_keylog (GosslContext *ctx, GosslConnection *conn, const char *line, gpointer data)
{
  g_ptr_array_add (data, g_strdup (line));
}

typedef struct {
  GBytes *exported;
  GBytes *client_random;
  GBytes *master_key;
  GBytes *peer_finished;
} ServerSecrets;

static void
server_secrets (TlsServer *server, GosslConnection *conn)
{
  ServerSecrets *secrets = server->data;
  g_autoptr(GError) error = NULL;

  secrets->exported = gossl_connection_export_keying_material (conn, "EXPERIMENTAL-gossl", 40,
                                                               NULL, &error);
  g_assert_no_error (error);
  secrets->client_random = gossl_connection_get_client_random (conn);
  secrets->master_key = gossl_connection_get_master_key (conn);
  secrets->peer_finished = gossl_connection_get_peer_finished (conn);
}

static char *
hex (GBytes *bytes)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (out, "%02x", data[i]);
  return g_string_free (out, FALSE);
}

static void
test_secrets_tls12 (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_TLSV1_2);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLS);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(TlsPair) pair = { 0 };
  g_autoptr(GError) error = NULL;
  ServerSecrets secrets = { 0 };
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(GBytes) other = NULL;
  g_autoptr(GBytes) context = g_bytes_new_static ("ctx", 3);
  g_autoptr(GBytes) client_random = NULL;
  g_autoptr(GBytes) master_key = NULL;
  g_autoptr(GBytes) finished = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *cr_hex = NULL;
  g_autofree char *mk_hex = NULL;

  g_signal_connect (cctx, "keylog", G_CALLBACK (on_keylog), lines);
  tls_pair_start (&pair, cctx, sctx);
  pair.server.body = server_secrets;
  pair.server.data = &secrets;

  g_assert_null (gossl_connection_get_client_random (pair.client));
  g_assert_null (gossl_connection_get_server_random (pair.client));
  g_assert_null (gossl_connection_get_master_key (pair.client));
  g_assert_null (gossl_connection_get_finished (pair.client));
  g_assert_null (gossl_connection_get_peer_finished (pair.client));
  g_assert_null (gossl_connection_export_keying_material (pair.client, "EXPERIMENTAL-gossl", 40,
                                                          NULL, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
  g_clear_error (&error);

  tls_pair_handshake (&pair);
  exported = gossl_connection_export_keying_material (pair.client, "EXPERIMENTAL-gossl", 40,
                                                      NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (exported), ==, 40);
  g_assert_true (g_bytes_equal (exported, secrets.exported));
  other = gossl_connection_export_keying_material (pair.client, "EXPERIMENTAL-gossl", 40,
                                                   context, &error);
  g_assert_no_error (error);
  g_assert_false (g_bytes_equal (exported, other));
  g_assert_null (gossl_connection_export_keying_material (pair.client, "x", (gsize) G_MAXINT + 1,
                                                          NULL, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  client_random = gossl_connection_get_client_random (pair.client);
  master_key = gossl_connection_get_master_key (pair.client);
  g_assert_cmpuint (g_bytes_get_size (client_random), ==, 32);
  g_assert_true (g_bytes_equal (client_random, secrets.client_random));
  g_assert_cmpuint (g_bytes_get_size (master_key), ==, 48);
  g_assert_true (g_bytes_equal (master_key, secrets.master_key));

  /* TLS 1.2's one key log line: the client random and the master secret. */
  cr_hex = hex (client_random);
  mk_hex = hex (master_key);
  expected = g_strdup_printf ("CLIENT_RANDOM %s %s", cr_hex, mk_hex);
  g_assert_cmpuint (lines->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (lines, 0), ==, expected);

  finished = gossl_connection_get_finished (pair.client);
  g_assert_cmpuint (g_bytes_get_size (finished), ==, 12);
  g_assert_true (g_bytes_equal (finished, secrets.peer_finished));

  g_bytes_unref (secrets.peer_finished);
  g_bytes_unref (secrets.exported);
  g_bytes_unref (secrets.client_random);
  g_bytes_unref (secrets.master_key);
}

/* OpenSSL is asked for key log lines only once a handshake starts with a
 * handler there: none before, and a handler connected after the
 * connection was made still gets every line of its handshake. */
static void
test_keylog_armed_when_a_handshake_starts (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLS);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  {
    g_auto(TlsPair) pair = { 0 };

    tls_pair_start (&pair, cctx, sctx);
    tls_pair_handshake (&pair);
    g_assert_null (SSL_CTX_get_keylog_callback (gossl_context_get_native (cctx)));
  }
  {
    g_auto(TlsPair) pair = { 0 };

    tls_pair_start (&pair, cctx, sctx);
    g_signal_connect (cctx, "keylog", G_CALLBACK (on_keylog), lines);
    tls_pair_handshake (&pair);
    g_assert_nonnull (SSL_CTX_get_keylog_callback (gossl_context_get_native (cctx)));
    g_assert_cmpuint (lines->len, ==, 5);
  }
}

static void
test_keylog_tls13 (void)
{
  static const char *const labels[] = {
    "SERVER_HANDSHAKE_TRAFFIC_SECRET", "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
    "EXPORTER_SECRET", "SERVER_TRAFFIC_SECRET_0", "CLIENT_TRAFFIC_SECRET_0",
  };
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLS);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(TlsPair) pair = { 0 };
  g_autoptr(GBytes) client_random = NULL;
  g_autofree char *cr_hex = NULL;

  g_signal_connect (sctx, "keylog", G_CALLBACK (on_keylog), lines);
  tls_pair_start (&pair, cctx, sctx);
  tls_pair_handshake (&pair);
  g_assert_cmpint (gossl_connection_get_protocol_version (pair.client), ==, 0x0304);
  client_random = gossl_connection_get_client_random (pair.client);
  cr_hex = hex (client_random);

  g_assert_cmpuint (lines->len, ==, G_N_ELEMENTS (labels));
  for (guint i = 0; i < lines->len; i++)
    {
      g_auto(GStrv) fields = g_strsplit (g_ptr_array_index (lines, i), " ", -1);
      gboolean known = FALSE;

      g_assert_cmpuint (g_strv_length (fields), ==, 3);
      for (guint j = 0; j < G_N_ELEMENTS (labels); j++)
        known |= strcmp (fields[0], labels[j]) == 0;
      g_assert_true (known);
      g_assert_cmpstr (fields[1], ==, cr_hex);
      /* A SHA-256 or SHA-384 secret, in lowercase hexadecimal. */
      g_assert_true (strlen (fields[2]) == 64 || strlen (fields[2]) == 96);
      g_assert_cmpuint (strspn (fields[2], "0123456789abcdef"), ==, strlen (fields[2]));
    }
}

/* --- DTLS ----------------------------------------------------------------------- */

static GBytes *
on_generate_cookie (GosslContext *ctx, GosslConnection *conn, gpointer data)
{
  guint *generated = data;

  (*generated)++;
  return g_bytes_new_static ("cookie!", 7);
}

static gboolean
on_verify_cookie (GosslContext *ctx, GosslConnection *conn, GBytes *cookie, gpointer data)
{
  return g_bytes_get_size (cookie) == 7 && memcmp (g_bytes_get_data (cookie, NULL), "cookie!", 7) == 0;
}

typedef struct {
  GosslConnection *conn;
  gboolean         ok;
  GError          *error;
} DtlsServer;

static gpointer
dtls_server_thread (gpointer data)
{
  DtlsServer *server = data;
  g_autoptr(GByteArray) got = NULL;

  /* Blocking: answers the first hello with a cookie, returns once the
   * second brings it back. */
  if (!gossl_connection_dtls_listen (server->conn, &server->error) ||
      !gossl_connection_do_handshake (server->conn, &server->error))
    return NULL;
  got = gossl_connection_recv (server->conn, 100, &server->error);
  if (got == NULL)
    return NULL;
  server->ok = gossl_connection_send_all (server->conn, got->data, got->len, &server->error);
  return NULL;
}

static void
test_dtls_over_datagrams (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_DTLS_SERVER);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_DTLS_CLIENT);
  g_autoptr(GosslConnection) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) echo = NULL;
  DtlsServer server = { 0 };
  guint generated = 0;
  GThread *thread;
  guint mtu;
  int fds[2];

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, fds), ==, 0);
  tls_set_timeouts (fds[0]);
  tls_set_timeouts (fds[1]);
  g_signal_connect (sctx, "generate-cookie", G_CALLBACK (on_generate_cookie), &generated);
  g_signal_connect (sctx, "verify-cookie", G_CALLBACK (on_verify_cookie), NULL);

  client = tls_client_connection (cctx, fds[0]);
  server.conn = tls_server_connection (sctx, fds[1]);
  /* Datagram socket pairs have no MTU to ask for. */
  g_assert_true (gossl_connection_set_ciphertext_mtu (client, 1200, &error));
  g_assert_true (gossl_connection_set_ciphertext_mtu (server.conn, 1200, &error));
  g_assert_no_error (error);

  thread = g_thread_new ("dtls-server", dtls_server_thread, &server);
  g_assert_true (gossl_connection_do_handshake (client, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gossl_connection_get_protocol_version_name (client), ==, "DTLSv1.2");
  g_assert_true (gossl_connection_send_all (client, (const guint8 *) "datagram", 8, &error));
  echo = gossl_connection_recv (client, 100, &error);
  g_assert_no_error (error);
  g_thread_join (thread);
  g_assert_no_error (server.error);
  g_assert_true (server.ok);
  g_assert_cmpuint (echo->len, ==, 8);
  g_assert_cmpmem (echo->data, 8, "datagram", 8);
  g_assert_cmpuint (generated, ==, 1);

  mtu = gossl_connection_get_cleartext_mtu (client);
  g_assert_cmpuint (mtu, >, 1000);
  g_assert_cmpuint (mtu, <, 1200);

  g_clear_object (&server.conn);
  close (fds[0]);
  close (fds[1]);
}

static void
test_dtls_refusals (void)
{
  g_autoptr(GosslContext) tls = gossl_context_new (GOSSL_METHOD_TLS, NULL);
  g_autoptr(GosslContext) dtls = gossl_context_new (GOSSL_METHOD_DTLS, NULL);
  g_autoptr(GosslConnection) tls_conn = gossl_connection_new_memory (tls, NULL);
  g_autoptr(GosslConnection) dtls_conn = gossl_connection_new_memory (dtls, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (gossl_connection_dtls_listen (tls_conn, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_connection_set_ciphertext_mtu (tls_conn, 1200, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (gossl_connection_get_cleartext_mtu (tls_conn), ==, 0);

  g_assert_false (gossl_connection_set_ciphertext_mtu (dtls_conn, 10, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_connection_set_ciphertext_mtu (dtls_conn, G_MAXUINT, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* Nothing came yet. */
  gossl_connection_set_accept_state (dtls_conn);
  g_assert_false (gossl_connection_dtls_listen (dtls_conn, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_WANT_READ);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tls_test_add ("/tls-extensions/ocsp/staple", test_ocsp_staple);
  tls_test_add ("/tls-extensions/ocsp/not-requested", test_ocsp_not_requested);
  tls_test_add ("/tls-extensions/ocsp/nothing-stapled", test_ocsp_nothing_stapled);
  tls_test_add ("/tls-extensions/ocsp/refused", test_ocsp_refused);
  tls_test_add ("/tls-extensions/secrets/tls12", test_secrets_tls12);
  tls_test_add ("/tls-extensions/keylog/tls13", test_keylog_tls13);
  tls_test_add ("/tls-extensions/keylog/armed-when-a-handshake-starts",
                test_keylog_armed_when_a_handshake_starts);
  tls_test_add ("/tls-extensions/dtls/datagrams", test_dtls_over_datagrams);
  tls_test_add ("/tls-extensions/dtls/refusals", test_dtls_refusals);
  return g_test_run ();
}
