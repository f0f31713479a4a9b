/* test-tls-gio-connection.c: GosslTlsClientConnection and
 * GosslTlsServerConnection as GIO code uses a GTlsConnection, against real
 * peers: GIO's own TLS server and client (glib-networking), openssl
 * s_server, and each other.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "tls-helpers.h"

/* --- helpers ------------------------------------------------------------------- */

/* GIO's reading of tests/files/@cert (with @key, or none). */
static GTlsCertificate *
gio_certificate (const char *cert, const char *key)
{
  g_autofree char *cert_path = gossl_test_file_path (cert);
  g_autofree char *key_path = key != NULL ? gossl_test_file_path (key) : NULL;
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate = key != NULL
    ? g_tls_certificate_new_from_files (cert_path, key_path, &error)
    : g_tls_certificate_new_from_file (cert_path, &error);

  g_assert_no_error (error);
  return certificate;
}

static GTlsDatabase *
file_database (const char *name)
{
  g_autofree char *path = gossl_test_file_path (name);
  g_autoptr(GError) error = NULL;
  GTlsDatabase *database = g_tls_file_database_new (path, &error);

  g_assert_no_error (error);
  return database;
}

/* Whether the ciphersuite's name (IANA's) starts with @prefix. */
static gboolean
ciphersuite_has_prefix (GTlsConnection *tls, const char *prefix)
{
  g_autofree char *name = g_tls_connection_get_ciphersuite_name (tls);

  g_test_message ("ciphersuite: %s", name);
  return name != NULL && g_str_has_prefix (name, prefix);
}

static gboolean
same_certificate (GTlsCertificate *a, GTlsCertificate *b)
{
  return a != NULL && b != NULL && g_tls_certificate_is_same (a, b);
}

/* How often each property the handshake sets was notified. */
typedef struct {
  guint peer_certificate;
  guint peer_certificate_errors;
  guint protocol_version;
  guint ciphersuite_name;
  guint negotiated_protocol;
} Notified;

static void
count_notify (GObject *object, GParamSpec *pspec, Notified *notified)
{
  if (g_str_equal (pspec->name, "peer-certificate"))
    notified->peer_certificate++;
  else if (g_str_equal (pspec->name, "peer-certificate-errors"))
    notified->peer_certificate_errors++;
  else if (g_str_equal (pspec->name, "protocol-version"))
    notified->protocol_version++;
  else if (g_str_equal (pspec->name, "ciphersuite-name"))
    notified->ciphersuite_name++;
  else if (g_str_equal (pspec->name, "negotiated-protocol"))
    notified->negotiated_protocol++;
}

/* An accept-certificate handler that answers @answer and notes what it saw. */
typedef struct {
  gboolean             answer;
  guint                calls;
  GTlsCertificateFlags errors;
  GTlsCertificate     *seen;
  gboolean             peer_set_during; /* peer-certificate already set in the handler */
} Acceptor;

static gboolean
on_accept_certificate (GTlsConnection       *conn,
                       GTlsCertificate      *peer,
                       GTlsCertificateFlags  errors,
                       Acceptor             *acceptor)
{
  acceptor->calls++;
  acceptor->errors = errors;
  g_set_object (&acceptor->seen, peer);
  acceptor->peer_set_during = g_tls_connection_get_peer_certificate (conn) != NULL;
  return acceptor->answer;
}

static void
acceptor_clear (Acceptor *acceptor)
{
  g_clear_object (&acceptor->seen);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Acceptor, acceptor_clear)

/* Reads what is left until the end of the stream, as a string. */
static char *
read_to_end (GIOStream *stream, GError **error)
{
  g_autoptr(GString) all = g_string_new (NULL);

  for (;;)
    {
      char buffer[512];
      gssize n = g_input_stream_read (g_io_stream_get_input_stream (stream), buffer, sizeof buffer,
                                      NULL, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        return g_string_free (g_steal_pointer (&all), FALSE);
      g_string_append_len (all, buffer, n);
    }
}

static void
read_line (GIOStream *stream, const char *expected)
{
  g_autoptr(GError) error = NULL;
  char line[64] = { 0 };
  gsize got = 0;

  g_assert_true (g_input_stream_read_all (g_io_stream_get_input_stream (stream), line,
                                          strlen (expected), &got, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, expected);
}

/* A gossl client over a socket pair to GIO's server on a thread, which
 * serves server.pem; trusting @ca (NULL: the default database). */
static GosslTlsClientConnection *
client_to_gio_server (TlsGioServer       *server,
                      GSocketConnectable *identity,
                      const char         *ca)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) base = NULL;
  GosslTlsClientConnection *client;
  int fds[2];

  tls_socketpair (fds);
  tls_gio_server_start (server, fds[1]);
  base = tls_socket_stream (fds[0]);
  client = gossl_tls_client_connection_new (base, identity, &error);
  g_assert_no_error (error);
  if (ca != NULL)
    {
      g_autoptr(GTlsDatabase) database = file_database (ca);

      g_tls_connection_set_database (G_TLS_CONNECTION (client), database);
    }
  return client;
}

/* --- gossl's server, on a thread ------------------------------------------------ */

typedef struct {
  GosslTlsServerConnection *conn;      /* made on the test's thread */
  gboolean                  unclean;   /* close the transport without close_notify */
  gboolean                  ok;        /* handshake done and the line sent */
  GError                   *error;
  GThread                  *thread;
} GosslServer;

static gpointer
gossl_serve_one (gpointer data)
{
  GosslServer *server = data;
  GTlsConnection *tls = G_TLS_CONNECTION (server->conn);

  if (g_tls_connection_handshake (tls, NULL, &server->error) &&
      g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (tls)), "hello\n", 6,
                                 NULL, NULL, &server->error))
    server->ok = TRUE;
  if (server->unclean)
    {
      g_autoptr(GIOStream) base = NULL;

      g_object_get (tls, "base-io-stream", &base, NULL);
      g_io_stream_close (base, NULL, NULL);
    }
  else
    g_io_stream_close (G_IO_STREAM (tls), NULL, NULL);
  return NULL;
}

/* A gossl server connection serving server.pem over @fd (taken over); set
 * it up, then start it. */
static void
gossl_server_init (GosslServer *server, int fd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) base = tls_socket_stream (fd);
  g_autoptr(GTlsCertificate) certificate = gio_certificate ("server.pem", "server.key");

  server->conn = gossl_tls_server_connection_new (base, certificate, &error);
  g_assert_no_error (error);
}

static void
gossl_server_start (GosslServer *server)
{
  server->thread = g_thread_new ("gossl-server", gossl_serve_one, server);
}

static void
gossl_server_join (GosslServer *server)
{
  if (server->thread != NULL)
    g_thread_join (g_steal_pointer (&server->thread));
}

static void
gossl_server_clear (GosslServer *server)
{
  gossl_server_join (server);
  g_clear_object (&server->conn);
  g_clear_error (&server->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GosslServer, gossl_server_clear)

/* A gossl client to a gossl server, over a socket pair; the server is set
 * up, not started. */
static GosslTlsClientConnection *
client_to_gossl_server (GosslServer *server, const char *ca)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) base = NULL;
  g_autoptr(GSocketConnectable) identity = g_network_address_new ("localhost", 443);
  g_autoptr(GTlsDatabase) database = file_database (ca);
  GosslTlsClientConnection *client;
  int fds[2];

  tls_socketpair (fds);
  gossl_server_init (server, fds[1]);
  base = tls_socket_stream (fds[0]);
  client = gossl_tls_client_connection_new (base, identity, &error);
  g_assert_no_error (error);
  g_tls_connection_set_database (G_TLS_CONNECTION (client), database);
  return client;
}

/* --- the client against GIO's own server ---------------------------------------- */

/* Verified by name and by address against a database of the test CA, with
 * everything GIO code reads set and notified once. */
static void
test_client_verified (void)
{
  const char *identities[] = { "localhost", "127.0.0.1" };

  for (gsize i = 0; i < G_N_ELEMENTS (identities); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GTlsCertificate) served = gio_certificate ("server.pem", "server.key");
      g_auto(TlsGioServer) server = { .certificate = served };
      g_autoptr(GSocketConnectable) identity = NULL;
      g_autoptr(GosslTlsClientConnection) client = NULL;
      g_auto(Acceptor) acceptor = { TRUE, 0, 0, NULL, FALSE };
      GTlsConnection *tls;
      Notified notified = { 0 };

      if (i == 0)
        identity = g_network_address_new (identities[i], 443);
      else
        {
          g_autoptr(GInetAddress) address = g_inet_address_new_from_string (identities[i]);

          identity = G_SOCKET_CONNECTABLE (g_inet_socket_address_new (address, 443));
        }
      client = client_to_gio_server (&server, identity, "ca.pem");
      tls = G_TLS_CONNECTION (client);
      g_signal_connect (client, "notify", G_CALLBACK (count_notify), &notified);
      g_signal_connect (client, "accept-certificate", G_CALLBACK (on_accept_certificate), &acceptor);

      g_assert_null (g_tls_connection_get_peer_certificate (tls));
      g_assert_true (g_tls_connection_handshake (tls, NULL, &error));
      g_assert_no_error (error);

      g_assert_true (same_certificate (g_tls_connection_get_peer_certificate (tls), served));
      g_assert_cmpint (g_tls_connection_get_peer_certificate_errors (tls), ==, 0);
      g_assert_cmpint (g_tls_connection_get_protocol_version (tls), ==, G_TLS_PROTOCOL_VERSION_TLS_1_3);
      g_assert_true (ciphersuite_has_prefix (tls, "TLS_AES_"));
      g_assert_null (g_tls_connection_get_negotiated_protocol (tls));
      /* Nothing to accept. */
      g_assert_cmpuint (acceptor.calls, ==, 0);
      g_assert_cmpuint (notified.peer_certificate, ==, 1);
      g_assert_cmpuint (notified.peer_certificate_errors, ==, 1);
      g_assert_cmpuint (notified.protocol_version, ==, 1);
      g_assert_cmpuint (notified.ciphersuite_name, ==, 1);
      g_assert_cmpuint (notified.negotiated_protocol, ==, 0);

      read_line (G_IO_STREAM (client), "hello\n");
      /* The server may be gone: sending close_notify may fail, as with
       * GIO's own client ("Broken pipe"); the stream is closed anyway. */
      g_io_stream_close (G_IO_STREAM (client), NULL, NULL);
      g_assert_true (g_io_stream_is_closed (G_IO_STREAM (client)));
      tls_gio_server_clear (&server);
      g_assert_true (server.ok);
    }
}

/* An untrusted server and a wrong name fail with BAD_CERTIFICATE and GIO's
 * flags, after accept-certificate was asked, with the peer certificate
 * and its errors set. */
static void
test_client_refused (void)
{
  static const struct {
    const char          *ca;
    const char          *name;
    GTlsCertificateFlags errors;
  } cases[] = {
    { "ca2.pem", "localhost", G_TLS_CERTIFICATE_UNKNOWN_CA },
    { "ca.pem", "wrong.example", G_TLS_CERTIFICATE_BAD_IDENTITY },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GTlsCertificate) served = gio_certificate ("server.pem", "server.key");
      g_auto(TlsGioServer) server = { .certificate = served };
      g_autoptr(GSocketConnectable) identity = g_network_address_new (cases[i].name, 443);
      g_autoptr(GosslTlsClientConnection) client = client_to_gio_server (&server, identity, cases[i].ca);
      g_auto(Acceptor) acceptor = { FALSE, 0, 0, NULL, FALSE };
      GTlsConnection *tls = G_TLS_CONNECTION (client);

      g_signal_connect (client, "accept-certificate", G_CALLBACK (on_accept_certificate), &acceptor);
      g_assert_false (g_tls_connection_handshake (tls, NULL, &error));
      g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
      g_test_message ("%s", error->message);

      g_assert_cmpuint (acceptor.calls, ==, 1);
      g_assert_cmpint (acceptor.errors, ==, cases[i].errors);
      g_assert_true (same_certificate (acceptor.seen, served));
      /* As GIO documents: not yet set while the signal runs. */
      g_assert_false (acceptor.peer_set_during);
      g_assert_true (same_certificate (g_tls_connection_get_peer_certificate (tls), served));
      g_assert_cmpint (g_tls_connection_get_peer_certificate_errors (tls), ==, cases[i].errors);
      g_io_stream_close (G_IO_STREAM (client), NULL, NULL);
      tls_gio_server_clear (&server);
      g_assert_false (server.ok);
    }
}

/* A handler that returns TRUE accepts what the database did not; one that
 * the client's validation-flags leave out needs none. */
static void
test_client_accepted (void)
{
  for (int round = 0; round < 2; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GTlsCertificate) served = gio_certificate ("server.pem", "server.key");
      g_auto(TlsGioServer) server = { .certificate = served };
      g_autoptr(GSocketConnectable) identity = g_network_address_new ("localhost", 443);
      g_autoptr(GosslTlsClientConnection) client = client_to_gio_server (&server, identity, "ca2.pem");
      g_auto(Acceptor) acceptor = { TRUE, 0, 0, NULL, FALSE };
      GTlsConnection *tls = G_TLS_CONNECTION (client);

      g_signal_connect (client, "accept-certificate", G_CALLBACK (on_accept_certificate), &acceptor);
      if (round == 1)
        g_object_set (client, "validation-flags",
                      G_TLS_CERTIFICATE_VALIDATE_ALL & ~G_TLS_CERTIFICATE_UNKNOWN_CA, NULL);
      g_assert_true (g_tls_connection_handshake (tls, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (acceptor.calls, ==, round == 0 ? 1 : 0);
      g_assert_cmpint (g_tls_connection_get_peer_certificate_errors (tls), ==,
                       G_TLS_CERTIFICATE_UNKNOWN_CA);
      read_line (G_IO_STREAM (client), "hello\n");
      g_io_stream_close (G_IO_STREAM (client), NULL, NULL);
      tls_gio_server_clear (&server);
      g_assert_true (server.ok);
    }
}

/* Without a database nothing is trusted; without a server identity no
 * name matches: GIO's rules. */
static void
test_client_no_database_no_identity (void)
{
  for (int round = 0; round < 2; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GTlsCertificate) served = gio_certificate ("server.pem", "server.key");
      g_auto(TlsGioServer) server = { .certificate = served };
      g_autoptr(GSocketConnectable) identity = g_network_address_new ("localhost", 443);
      g_autoptr(GosslTlsClientConnection) client =
        client_to_gio_server (&server, round == 0 ? identity : NULL, "ca.pem");
      GTlsConnection *tls = G_TLS_CONNECTION (client);
      GTlsCertificateFlags expected = round == 0 ? G_TLS_CERTIFICATE_UNKNOWN_CA
                                                 : G_TLS_CERTIFICATE_BAD_IDENTITY;

      if (round == 0)
        g_tls_connection_set_database (tls, NULL);
      g_assert_false (g_tls_connection_handshake (tls, NULL, &error));
      g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
      g_assert_cmpint (g_tls_connection_get_peer_certificate_errors (tls) & expected, ==, expected);
    }
}

/* The default database is GIO's, fetched once for every connection. */
static void
test_client_default_database (void)
{
  g_autoptr(GTlsDatabase) system = g_tls_backend_get_default_database (g_tls_backend_get_default ());
  g_autoptr(GIOStream) a = NULL;
  g_autoptr(GIOStream) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslTlsClientConnection) one = NULL;
  g_autoptr(GosslTlsClientConnection) two = NULL;
  int fds[2];

  tls_socketpair (fds);
  a = tls_socket_stream (fds[0]);
  b = tls_socket_stream (fds[1]);
  one = gossl_tls_client_connection_new (a, NULL, &error);
  g_assert_no_error (error);
  two = gossl_tls_client_connection_new (b, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_tls_connection_get_database (G_TLS_CONNECTION (one)) == system);
  g_assert_true (g_tls_connection_get_database (G_TLS_CONNECTION (two)) == system);
  /* The same shared context too. */
  g_assert_true (gossl_tls_client_connection_get_context (one) ==
                 gossl_tls_client_connection_get_context (two));
  g_assert_nonnull (gossl_tls_client_connection_get_context (one));
  /* use-system-certdb, deprecated in GIO, still means "that one or none". */
  g_object_set (one, "use-system-certdb", FALSE, NULL);
  g_assert_null (g_tls_connection_get_database (G_TLS_CONNECTION (one)));
  g_object_set (one, "use-system-certdb", TRUE, NULL);
  g_assert_true (g_tls_connection_get_database (G_TLS_CONNECTION (one)) == system);
}

/* A read that runs the handshake by itself is checked the same way. */
static void
test_client_implicit_handshake (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) served = gio_certificate ("server.pem", "server.key");
  g_auto(TlsGioServer) server = { .certificate = served };
  g_autoptr(GSocketConnectable) identity = g_network_address_new ("localhost", 443);
  g_autoptr(GosslTlsClientConnection) client = client_to_gio_server (&server, identity, "ca2.pem");
  char buffer[16];
  Notified notified = { 0 };

  g_signal_connect (client, "notify", G_CALLBACK (count_notify), &notified);
  g_assert_cmpint (g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (client)), buffer,
                                        sizeof buffer, NULL, &error), ==, -1);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_cmpint (g_tls_connection_get_peer_certificate_errors (G_TLS_CONNECTION (client)), ==,
                   G_TLS_CERTIFICATE_UNKNOWN_CA);
  g_assert_cmpuint (notified.peer_certificate, ==, 1);
}

/* The same as GIO code that knows only GTlsConnection and GIOStream runs
 * it on a main loop: handshake_async, read_all_async, close_async. */
typedef struct {
  GMainLoop      *loop;
  GAsyncResult   *result;
  const Notified *notified;     /* copied when the result comes */
  Notified        at_result;
} Waiter;

static void
got_result (GObject *source, GAsyncResult *result, gpointer data)
{
  Waiter *waiter = data;

  waiter->result = g_object_ref (result);
  if (waiter->notified != NULL)
    waiter->at_result = *waiter->notified;
  g_main_loop_quit (waiter->loop);
}

static GAsyncResult *
wait_result (Waiter *waiter)
{
  g_clear_object (&waiter->result);
  g_main_loop_run (waiter->loop);
  return waiter->result;
}

static void
test_client_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) served = gio_certificate ("server.pem", "server.key");
  g_auto(TlsGioServer) server = { .certificate = served };
  g_autoptr(GSocketConnectable) identity = g_network_address_new ("localhost", 443);
  g_autoptr(GosslTlsClientConnection) client = client_to_gio_server (&server, identity, "ca.pem");
  GIOStream *stream = G_IO_STREAM (client);
  Notified notified = { 0 };
  Waiter waiter = { g_main_loop_new (NULL, FALSE), NULL, &notified, { 0 } };
  char line[7] = { 0 };
  gsize got = 0;

  g_signal_connect (client, "notify", G_CALLBACK (count_notify), &notified);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (client), G_PRIORITY_DEFAULT, NULL,
                                    got_result, &waiter);
  g_assert_true (g_tls_connection_handshake_finish (G_TLS_CONNECTION (client), wait_result (&waiter),
                                                    &error));
  g_assert_no_error (error);
  /* Notified by the time the callback hears of the outcome. */
  g_assert_cmpuint (waiter.at_result.peer_certificate, ==, 1);
  g_assert_cmpuint (waiter.at_result.protocol_version, ==, 1);
  waiter.notified = NULL;

  g_input_stream_read_all_async (g_io_stream_get_input_stream (stream), line, 6, G_PRIORITY_DEFAULT,
                                 NULL, got_result, &waiter);
  g_assert_true (g_input_stream_read_all_finish (g_io_stream_get_input_stream (stream),
                                                 wait_result (&waiter), &got, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "hello\n");

  /* The server may have gone: see test_client_verified(). */
  g_io_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, got_result, &waiter);
  g_io_stream_close_finish (stream, wait_result (&waiter), NULL);
  g_assert_true (g_io_stream_is_closed (stream));

  g_clear_object (&waiter.result);
  g_main_loop_unref (waiter.loop);
  tls_gio_server_clear (&server);
  g_assert_true (server.ok);
}

/* --- the client against openssl s_server ---------------------------------------- */

/* openssl s_server answering one HTTP request (-www) with server.pem, ALPN
 * h2 or http/1.1, and the options given (up to four). */
static GSubprocess *
spawn_s_server (guint16 *port, const char *extra1, ...)
{
  g_autofree char *cert = gossl_test_file_path ("server.pem");
  g_autofree char *key = gossl_test_file_path ("server.key");
  g_autofree char *accept = NULL;
  const char *extra[4] = { extra1, NULL, NULL, NULL };
  va_list args;

  va_start (args, extra1);
  for (int i = 1; i < 4 && extra[i - 1] != NULL; i++)
    extra[i] = va_arg (args, const char *);
  va_end (args);
  *port = tls_free_port ();
  accept = g_strdup_printf ("127.0.0.1:%u", *port);
  return tls_spawn_openssl ("s_server", "-accept", accept, "-naccept", "1", "-cert", cert,
                            "-key", key, "-www", "-alpn", "h2,http/1.1",
                            extra[0], extra[1], extra[2], extra[3], NULL);
}

/* What GIO code that knows only GTlsConnection does: handshake, an HTTP
 * request, the answer up to the end, close; and what it reads about the
 * connection. */
static void
generic_https_get (GTlsConnection *tls, GTlsProtocolVersion version)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *page = NULL;
  static const char request[] = "GET / HTTP/1.0\r\n\r\n";
  GIOStream *stream = G_IO_STREAM (tls);

  g_assert_true (g_tls_connection_handshake (tls, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (stream), request,
                                            strlen (request), NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_flush (g_io_stream_get_output_stream (stream), NULL, &error));
  page = read_to_end (stream, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (page, "HTTP/1.0 200 ok"));

  g_assert_nonnull (g_tls_connection_get_peer_certificate (tls));
  g_assert_cmpint (g_tls_connection_get_peer_certificate_errors (tls), ==, 0);
  g_assert_cmpint (g_tls_connection_get_protocol_version (tls), ==, version);
  g_assert_cmpstr (g_tls_connection_get_negotiated_protocol (tls), ==, "http/1.1");
  g_assert_true (g_io_stream_close (stream, NULL, &error));
  g_assert_no_error (error);
}

static void
test_client_openssl_generic (void)
{
  static const struct {
    const char         *option;
    GTlsProtocolVersion version;
    const char         *cipher_prefix;
  } cases[] = {
    { "-tls1_3", G_TLS_PROTOCOL_VERSION_TLS_1_3, "TLS_AES_" },
    { "-tls1_2", G_TLS_PROTOCOL_VERSION_TLS_1_2, "TLS_ECDHE_RSA_WITH_" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      guint16 port;
      GSubprocess *server = spawn_s_server (&port, cases[i].option, NULL);
      g_autoptr(GIOStream) base = tls_socket_stream (tls_connect_when_ready (port, server));
      g_autoptr(GSocketConnectable) identity = g_network_address_new ("localhost", port);
      g_autoptr(GosslTlsClientConnection) client = gossl_tls_client_connection_new (base, identity, &error);
      g_autoptr(GTlsDatabase) database = file_database ("ca.pem");
      const char * const protocols[] = { "http/1.1", NULL };
      Notified notified = { 0 };

      g_assert_no_error (error);
      g_signal_connect (client, "notify", G_CALLBACK (count_notify), &notified);
      g_tls_connection_set_database (G_TLS_CONNECTION (client), database);
      g_tls_connection_set_advertised_protocols (G_TLS_CONNECTION (client), protocols);
      generic_https_get (G_TLS_CONNECTION (client), cases[i].version);
      g_assert_true (ciphersuite_has_prefix (G_TLS_CONNECTION (client), cases[i].cipher_prefix));
      g_assert_cmpuint (notified.negotiated_protocol, ==, 1);
      g_assert_cmpuint (notified.protocol_version, ==, 1);
      tls_stop_openssl (server);
      g_object_unref (server);
    }
}

/* A server that demands a client certificate from the test CA: the client
 * sends the one set on it and learns which CAs the server named. */
static void
test_client_openssl_client_certificate (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ca = gossl_test_file_path ("ca.pem");
  guint16 port;
  GSubprocess *server = spawn_s_server (&port, "-Verify", "1", "-CAfile", ca);
  g_autoptr(GIOStream) base = tls_socket_stream (tls_connect_when_ready (port, server));
  g_autoptr(GSocketConnectable) identity = g_network_address_new ("localhost", port);
  g_autoptr(GosslTlsClientConnection) client = gossl_tls_client_connection_new (base, identity, &error);
  g_autoptr(GTlsDatabase) database = file_database ("ca.pem");
  g_autoptr(GTlsCertificate) mine = gio_certificate ("client.pem", "client.key");
  const char * const protocols[] = { "http/1.1", NULL };
  GList *cas;

  g_assert_no_error (error);
  g_assert_null (g_tls_client_connection_get_accepted_cas (G_TLS_CLIENT_CONNECTION (client)));
  g_tls_connection_set_database (G_TLS_CONNECTION (client), database);
  g_tls_connection_set_advertised_protocols (G_TLS_CONNECTION (client), protocols);
  g_tls_connection_set_certificate (G_TLS_CONNECTION (client), mine);
  generic_https_get (G_TLS_CONNECTION (client), G_TLS_PROTOCOL_VERSION_TLS_1_3);

  cas = g_tls_client_connection_get_accepted_cas (G_TLS_CLIENT_CONNECTION (client));
  g_assert_cmpuint (g_list_length (cas), ==, 1);
  {
    GByteArray *name = cas->data;
    const guint8 *der = name->data;
    g_autoptr(X509_NAME) parsed = d2i_X509_NAME (NULL, &der, name->len);
    g_autofree char *cn = gossl_x509_name_native_get_entry (parsed, "CN", NULL);

    g_assert_cmpstr (cn, ==, "gossl test CA");
  }
  g_list_free_full (cas, (GDestroyNotify) g_byte_array_unref);
  tls_stop_openssl (server);
  g_object_unref (server);
}

/* --- gossl's server ----------------------------------------------------------- */

/* GIO's own client verifies gossl's server and gets the protocol it asked
 * for; gossl's server connection tells the same outcome. */
static void
test_server_gio_client (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GosslServer) server = { 0 };
  g_autoptr(GIOStream) base = NULL;
  g_autoptr(GIOStream) client = NULL;
  g_autoptr(GSocketConnectable) identity = g_network_address_new ("localhost", 443);
  g_autoptr(GTlsDatabase) database = file_database ("ca.pem");
  g_autoptr(GTlsCertificate) served = gio_certificate ("server.pem", NULL);
  const char * const server_protocols[] = { "h2", "http/1.1", NULL };
  const char * const client_protocols[] = { "http/1.1", "h2", NULL };
  GTlsConnection *tls;
  Notified notified = { 0 };
  int fds[2];

  tls_socketpair (fds);
  gossl_server_init (&server, fds[1]);
  g_tls_connection_set_advertised_protocols (G_TLS_CONNECTION (server.conn), server_protocols);
  g_signal_connect (server.conn, "notify", G_CALLBACK (count_notify), &notified);
  gossl_server_start (&server);

  base = tls_socket_stream (fds[0]);
  client = g_tls_client_connection_new (base, identity, &error);
  g_assert_no_error (error);
  tls = G_TLS_CONNECTION (client);
  g_tls_connection_set_database (tls, database);
  g_tls_connection_set_advertised_protocols (tls, client_protocols);
  g_assert_true (g_tls_connection_handshake (tls, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_tls_connection_get_peer_certificate_errors (tls), ==, 0);
  g_assert_true (same_certificate (g_tls_connection_get_peer_certificate (tls), served));
  /* The server's preference. */
  g_assert_cmpstr (g_tls_connection_get_negotiated_protocol (tls), ==, "h2");
  read_line (client, "hello\n");
  g_io_stream_close (client, NULL, NULL);

  gossl_server_join (&server);
  g_assert_no_error (server.error);
  g_assert_true (server.ok);
  tls = G_TLS_CONNECTION (server.conn);
  g_assert_cmpstr (g_tls_connection_get_negotiated_protocol (tls), ==, "h2");
  g_assert_cmpint (g_tls_connection_get_protocol_version (tls), ==,
                   g_tls_connection_get_protocol_version (G_TLS_CONNECTION (client)));
  g_assert_true (ciphersuite_has_prefix (tls, "TLS_"));
  g_assert_null (g_tls_connection_get_peer_certificate (tls));
  g_assert_cmpuint (notified.negotiated_protocol, ==, 1);
  g_assert_cmpuint (notified.peer_certificate, ==, 0);
}

/* A gossl server that requires a client certificate: the client without one
 * fails with CERTIFICATE_REQUIRED on both sides. One that only requests
 * it goes on without. */
static void
test_server_certificate_required (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GosslServer) server = { 0 };
  g_autoptr(GosslTlsClientConnection) client = client_to_gossl_server (&server, "ca.pem");
  g_auto(GosslServer) lenient = { 0 };
  g_autoptr(GosslTlsClientConnection) without = client_to_gossl_server (&lenient, "ca.pem");
  g_auto(Acceptor) acceptor = { TRUE, 0, 0, NULL, FALSE };
  char buffer[16];

  g_object_set (server.conn, "authentication-mode", G_TLS_AUTHENTICATION_REQUIRED, NULL);
  gossl_server_start (&server);
  /* TLS 1.3: the client is done before the server looks at its (absent)
   * certificate; its first read gets the server's alert. */
  if (g_tls_connection_handshake (G_TLS_CONNECTION (client), NULL, &error))
    g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (client)), buffer, sizeof buffer,
                         NULL, &error);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_CERTIFICATE_REQUIRED);
  g_test_message ("client: %s", error->message);
  g_clear_error (&error);

  gossl_server_join (&server);
  g_assert_error (server.error, G_TLS_ERROR, G_TLS_ERROR_CERTIFICATE_REQUIRED);
  g_assert_false (server.ok);

  g_object_set (lenient.conn, "authentication-mode", G_TLS_AUTHENTICATION_REQUESTED, NULL);
  g_signal_connect (lenient.conn, "accept-certificate", G_CALLBACK (on_accept_certificate), &acceptor);
  gossl_server_start (&lenient);
  g_assert_true (g_tls_connection_handshake (G_TLS_CONNECTION (without), NULL, &error));
  g_assert_no_error (error);
  read_line (G_IO_STREAM (without), "hello\n");
  gossl_server_join (&lenient);
  g_assert_no_error (lenient.error);
  g_assert_true (lenient.ok);
  g_assert_null (g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (lenient.conn)));
  g_assert_cmpuint (acceptor.calls, ==, 0);
}

/* A client certificate, set or asked from an interaction, checked by the
 * server's database and accepted only by a handler, as GIO documents for
 * servers. */
G_DECLARE_FINAL_TYPE (TestInteraction, test_interaction, TEST, INTERACTION, GTlsInteraction)

struct _TestInteraction {
  GTlsInteraction parent_instance;
  guint           asked;
};

G_DEFINE_FINAL_TYPE (TestInteraction, test_interaction, G_TYPE_TLS_INTERACTION)

static GTlsInteractionResult
test_interaction_request_certificate (GTlsInteraction              *interaction,
                                      GTlsConnection               *connection,
                                      GTlsCertificateRequestFlags   flags,
                                      GCancellable                 *cancellable,
                                      GError                      **error)
{
  g_autoptr(GTlsCertificate) mine = gio_certificate ("client.pem", "client.key");

  TEST_INTERACTION (interaction)->asked++;
  g_tls_connection_set_certificate (connection, mine);
  return G_TLS_INTERACTION_HANDLED;
}

static void
test_interaction_class_init (TestInteractionClass *klass)
{
  G_TLS_INTERACTION_CLASS (klass)->request_certificate = test_interaction_request_certificate;
}

static void
test_interaction_init (TestInteraction *self)
{
}

static void
test_server_client_certificate (void)
{
  /* round 0: set on the connection, accepted; 1: from the interaction,
   * accepted; 2: set, but no handler accepts it. */
  for (int round = 0; round < 3; round++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(GosslServer) server = { 0 };
      g_autoptr(GosslTlsClientConnection) client = client_to_gossl_server (&server, "ca.pem");
      g_autoptr(GTlsDatabase) database = file_database ("ca.pem");
      g_autoptr(GTlsCertificate) mine = gio_certificate ("client.pem", "client.key");
      g_autoptr(TestInteraction) interaction = g_object_new (test_interaction_get_type (), NULL);
      g_auto(Acceptor) acceptor = { round < 2, 0, 0, NULL, FALSE };
      GTlsConnection *tls = G_TLS_CONNECTION (server.conn);
      gboolean ok;

      g_object_set (tls, "authentication-mode", G_TLS_AUTHENTICATION_REQUIRED, NULL);
      g_tls_connection_set_database (tls, database);
      g_signal_connect (tls, "accept-certificate", G_CALLBACK (on_accept_certificate), &acceptor);
      if (round == 1)
        g_tls_connection_set_interaction (G_TLS_CONNECTION (client), G_TLS_INTERACTION (interaction));
      else
        g_tls_connection_set_certificate (G_TLS_CONNECTION (client), mine);
      gossl_server_start (&server);

      ok = g_tls_connection_handshake (G_TLS_CONNECTION (client), NULL, &error);
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpuint (interaction->asked, ==, round == 1 ? 1 : 0);
      if (round < 2)
        read_line (G_IO_STREAM (client), "hello\n");
      else
        {
          g_autofree char *rest = read_to_end (G_IO_STREAM (client), &error);

          g_assert_null (rest);
          g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
          g_test_message ("client: %s", error->message);
        }
      g_io_stream_close (G_IO_STREAM (client), NULL, NULL);
      gossl_server_join (&server);

      g_assert_cmpuint (acceptor.calls, ==, 1);
      g_assert_cmpint (acceptor.errors, ==, 0);
      g_assert_true (same_certificate (acceptor.seen, mine));
      g_assert_true (same_certificate (g_tls_connection_get_peer_certificate (tls), mine));
      if (round < 2)
        {
          g_assert_no_error (server.error);
          g_assert_true (server.ok);
        }
      else
        g_assert_error (server.error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
    }
}

/* Server connections share one context, given or not; a context of one's
 * own sees its server-name signal. */
static void
test_server_contexts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) served = gio_certificate ("server.pem", "server.key");
  g_autoptr(GosslContext) mine = gossl_context_new (GOSSL_METHOD_TLS_SERVER, &error);
  g_autoptr(GosslTlsServerConnection) a = NULL;
  g_autoptr(GosslTlsServerConnection) b = NULL;
  g_autoptr(GIOStream) base_a = NULL;
  g_autoptr(GIOStream) base_b = NULL;
  int fds[2];

  g_assert_no_error (error);
  tls_socketpair (fds);
  base_a = tls_socket_stream (fds[0]);
  base_b = tls_socket_stream (fds[1]);
  a = gossl_tls_server_connection_new (base_a, served, &error);
  g_assert_no_error (error);
  b = gossl_tls_server_connection_new (base_b, served, &error);
  g_assert_no_error (error);
  g_assert_true (gossl_tls_server_connection_get_context (a) ==
                 gossl_tls_server_connection_get_context (b));
  g_clear_object (&b);
  b = gossl_tls_server_connection_new_with_context (mine, base_b, served, &error);
  g_assert_no_error (error);
  g_assert_true (gossl_tls_server_connection_get_context (b) == mine);
}

static void
on_servername (GosslContext *context, GosslConnection *connection, char **seen)
{
  g_free (*seen);
  *seen = g_strdup (gossl_connection_get_servername (connection));
}

static gboolean
on_servername_ok (GosslContext *context, GosslConnection *connection, char **seen)
{
  on_servername (context, connection, seen);
  return TRUE;
}

/* The client sends the server identity's host name (SNI), not an address. */
static void
test_client_server_name (void)
{
  for (int round = 0; round < 2; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GosslContext) context = gossl_context_new (GOSSL_METHOD_TLS_SERVER, &error);
      g_autoptr(GTlsCertificate) served = gio_certificate ("server.pem", "server.key");
      g_autoptr(GTlsDatabase) database = file_database ("ca.pem");
      g_autoptr(GIOStream) client_base = NULL;
      g_autoptr(GIOStream) server_base = NULL;
      g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      g_autoptr(GSocketConnectable) identity =
        round == 0 ? g_network_address_new ("localhost", 443)
                   : G_SOCKET_CONNECTABLE (g_inet_socket_address_new (loopback, 443));
      g_autoptr(GosslTlsClientConnection) client = NULL;
      g_auto(GosslServer) server = { 0 };
      g_autofree char *seen = g_strdup ("(not called)");
      int fds[2];

      g_assert_no_error (error);
      g_signal_connect (context, "servername", G_CALLBACK (on_servername_ok), &seen);
      tls_socketpair (fds);
      client_base = tls_socket_stream (fds[0]);
      server_base = tls_socket_stream (fds[1]);
      server.conn = gossl_tls_server_connection_new_with_context (context, server_base, served, &error);
      g_assert_no_error (error);
      client = gossl_tls_client_connection_new (client_base, identity, &error);
      g_assert_no_error (error);
      g_tls_connection_set_database (G_TLS_CONNECTION (client), database);
      gossl_server_start (&server);
      g_assert_true (g_tls_connection_handshake (G_TLS_CONNECTION (client), NULL, &error));
      g_assert_no_error (error);
      read_line (G_IO_STREAM (client), "hello\n");
      gossl_server_join (&server);
      g_assert_true (server.ok);
      /* OpenSSL calls the server-name callback without a name too. */
      g_assert_cmpstr (seen, ==, round == 0 ? "localhost" : NULL);
    }
}

/* --- errors --------------------------------------------------------------------- */

/* A peer that answers the hello in plain text does not speak TLS. */
static gpointer
answer_http (gpointer data)
{
  int fd = GPOINTER_TO_INT (data);
  static const char answer[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
  char buffer[4096];

  if (read (fd, buffer, sizeof buffer) > 0 && write (fd, answer, strlen (answer)) < 0)
    g_warning ("could not answer");
  close (fd);
  return NULL;
}

static void
test_error_not_tls (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) base = NULL;
  g_autoptr(GosslTlsClientConnection) client = NULL;
  GThread *thread;
  int fds[2];

  tls_socketpair (fds);
  thread = g_thread_new ("http", answer_http, GINT_TO_POINTER (fds[1]));
  base = tls_socket_stream (fds[0]);
  client = gossl_tls_client_connection_new (base, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_tls_connection_handshake (G_TLS_CONNECTION (client), NULL, &error));
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS);
  g_test_message ("%s", error->message);
  g_thread_join (thread);
}

/* A peer that closes the transport without a close_notify: GIO's EOF
 * error, or the end of the stream when close_notify is not required. */
static void
test_error_eof (void)
{
  for (int round = 0; round < 2; round++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(GosslServer) server = { 0 };
      g_autoptr(GosslTlsClientConnection) client = client_to_gossl_server (&server, "ca.pem");
      g_autofree char *rest = NULL;

      server.unclean = TRUE;
      if (round == 1)
        g_tls_connection_set_require_close_notify (G_TLS_CONNECTION (client), FALSE);
      gossl_server_start (&server);
      g_assert_true (g_tls_connection_handshake (G_TLS_CONNECTION (client), NULL, &error));
      g_assert_no_error (error);
      read_line (G_IO_STREAM (client), "hello\n");
      gossl_server_join (&server);
      rest = read_to_end (G_IO_STREAM (client), &error);
      if (round == 0)
        {
          g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_EOF);
          g_assert_null (rest);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_cmpstr (rest, ==, "");
        }
    }
}

/* Without a TLS backend (no glib-networking) no certificate can be
 * judged: a clean G_TLS_ERROR_UNAVAILABLE, in a child without GIO's
 * modules. */
static void
test_error_no_backend (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GosslContext) server_ctx = NULL;
      g_autoptr(GIOStream) base = NULL;
      g_autoptr(GosslTlsClientConnection) client = NULL;
      g_autoptr(GSocketConnectable) identity = g_network_address_new ("localhost", 443);
      g_auto(TlsServer) server = { 0 };
      int fds[2];

      g_setenv ("GIO_MODULE_DIR", "/nonexistent", TRUE);
      g_unsetenv ("GIO_EXTRA_MODULES");
      g_assert_false (g_tls_backend_supports_tls (g_tls_backend_get_default ()));
      server_ctx = tls_server_context (GOSSL_METHOD_TLS_SERVER);
      tls_socketpair (fds);
      tls_server_start (&server, server_ctx, fds[1]);
      base = tls_socket_stream (fds[0]);
      client = gossl_tls_client_connection_new (base, identity, &error);
      g_assert_no_error (error);
      g_assert_false (g_tls_connection_handshake (G_TLS_CONNECTION (client), NULL, &error));
      g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_UNAVAILABLE);
      g_print ("%s\n", error->message);
      g_io_stream_close (G_IO_STREAM (client), NULL, NULL);
      tls_server_join (&server);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*glib-networking*");
}

/* Construction fails with GIO's errors; an object made by g_object_new()
 * without initializing says so on every operation. */
static void
test_construction (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) made = NULL;
  g_autoptr(GosslTlsClientConnection) bare = NULL;
  g_autoptr(GInputStream) in = g_memory_input_stream_new ();
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GIOStream) memory = g_simple_io_stream_new (in, out);
  g_autoptr(GFileIOStream) unpollable = NULL;
  g_autoptr(GFile) file = g_file_new_tmp ("gossl-XXXXXX", &unpollable, &error);
  char buffer[4];

  g_assert_no_error (error);
  made = g_initable_new (GOSSL_TYPE_TLS_SERVER_CONNECTION, NULL, &error, NULL);
  g_assert_null (made);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_null (gossl_tls_client_connection_new (G_IO_STREAM (unpollable), NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  g_file_delete (file, NULL, NULL);

  bare = g_object_new (GOSSL_TYPE_TLS_CLIENT_CONNECTION, "base-io-stream", memory, NULL);
  g_assert_null (gossl_tls_client_connection_get_context (bare));
  g_assert_false (g_tls_connection_handshake (G_TLS_CONNECTION (bare), NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_error (&error);
  g_assert_cmpint (g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (bare)), buffer,
                                        sizeof buffer, NULL, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_error (&error);
  g_assert_cmpint (g_output_stream_write (g_io_stream_get_output_stream (G_IO_STREAM (bare)), "x", 1,
                                          NULL, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_error (&error);
  g_assert_false (g_io_stream_close (G_IO_STREAM (bare), NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  /* The base stream was never its own. */
  g_assert_false (g_io_stream_is_closed (memory));
}

/* Both are GIO's TLS connections, each of its own side. */
static void
test_types (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) a = NULL;
  g_autoptr(GIOStream) b = NULL;
  g_autoptr(GosslTlsClientConnection) client = NULL;
  g_autoptr(GosslTlsServerConnection) server = NULL;
  int fds[2];

  tls_socketpair (fds);
  a = tls_socket_stream (fds[0]);
  b = tls_socket_stream (fds[1]);
  client = gossl_tls_client_connection_new (a, NULL, &error);
  g_assert_no_error (error);
  server = gossl_tls_server_connection_new (b, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (G_IS_TLS_CONNECTION (client));
  g_assert_true (G_IS_TLS_CLIENT_CONNECTION (client));
  g_assert_false (G_IS_TLS_SERVER_CONNECTION (client));
  g_assert_true (G_IS_TLS_CONNECTION (server));
  g_assert_true (G_IS_TLS_SERVER_CONNECTION (server));
  g_assert_false (G_IS_TLS_CLIENT_CONNECTION (server));
  g_assert_true (G_IS_INITABLE (client));
  g_assert_true (G_IS_INITABLE (server));
  {
    g_autoptr(GIOStream) base = NULL;

    g_object_get (client, "base-io-stream", &base, NULL);
    g_assert_true (base == a);
  }
  g_assert_true (g_tls_client_connection_get_server_identity (G_TLS_CLIENT_CONNECTION (client)) == NULL);
  g_assert_true (g_tls_connection_get_require_close_notify (G_TLS_CONNECTION (client)));
  {
    GTlsAuthenticationMode mode = G_TLS_AUTHENTICATION_REQUIRED;

    g_object_get (server, "authentication-mode", &mode, NULL);
    g_assert_cmpint (mode, ==, G_TLS_AUTHENTICATION_NONE);
  }
  g_assert_cmpint (g_tls_connection_get_protocol_version (G_TLS_CONNECTION (client)), ==,
                   G_TLS_PROTOCOL_VERSION_UNKNOWN);
  g_assert_false (ciphersuite_has_prefix (G_TLS_CONNECTION (client), ""));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  tls_test_add ("/tls-gio-connection/client/verified", test_client_verified);
  tls_test_add ("/tls-gio-connection/client/refused", test_client_refused);
  tls_test_add ("/tls-gio-connection/client/accepted", test_client_accepted);
  tls_test_add ("/tls-gio-connection/client/no-database-no-identity",
                test_client_no_database_no_identity);
  tls_test_add ("/tls-gio-connection/client/default-database", test_client_default_database);
  tls_test_add ("/tls-gio-connection/client/implicit-handshake", test_client_implicit_handshake);
  tls_test_add ("/tls-gio-connection/client/async", test_client_async);
  tls_test_add ("/tls-gio-connection/client/openssl-generic", test_client_openssl_generic);
  tls_test_add ("/tls-gio-connection/client/openssl-client-certificate",
                test_client_openssl_client_certificate);
  tls_test_add ("/tls-gio-connection/client/server-name", test_client_server_name);
  tls_test_add ("/tls-gio-connection/server/gio-client", test_server_gio_client);
  tls_test_add ("/tls-gio-connection/server/certificate-required", test_server_certificate_required);
  tls_test_add ("/tls-gio-connection/server/client-certificate", test_server_client_certificate);
  tls_test_add ("/tls-gio-connection/server/contexts", test_server_contexts);
  tls_test_add ("/tls-gio-connection/error/not-tls", test_error_not_tls);
  tls_test_add ("/tls-gio-connection/error/eof", test_error_eof);
  g_test_add_func ("/tls-gio-connection/error/no-backend", test_error_no_backend);
  g_test_add_func ("/tls-gio-connection/construction", test_construction);
  g_test_add_func ("/tls-gio-connection/types", test_types);
  {
    int status = g_test_run ();

    tls_stop_pool_threads ();
    return status;
  }
}
