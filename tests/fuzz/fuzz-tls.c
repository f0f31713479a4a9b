/* fuzz-tls.c: the TLS record path, fed as the peer of a connection
 *
 * Built twice: fuzz-tls-server (FUZZ_TLS_SERVER=1, the input is what a
 * client sends to a gossl server) and fuzz-tls-client (the input is what a
 * server sends to a gossl client).
 *
 * Each input goes through both transports: the memory transport
 * (gossl_connection_new_memory(), fed by bio_write in pieces, drained by
 * bio_read) and a socket (gossl's socket BIO over one end of a socketpair;
 * the fuzzer writes into the other end). Everything is non-blocking, so
 * nothing ever waits: the connection is driven until it fails, completes,
 * or stops making progress, what it writes is dropped, and the end of the
 * input is the end of the stream.
 *
 * The handlers gossl runs on hostile data are connected: verify (accepts
 * everything, so hostile certificates get past it into the rest of the
 * handshake), info, and on the server servername (which may switch the
 * connection to a second context) and alpn-select; the client offers ALPN
 * protocols and a server name, so the server's answers to them are parsed.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "fuzz-common.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef FUZZ_TLS_SERVER
#error "build with -DFUZZ_TLS_SERVER=0 or 1"
#endif

/* A hostile peer needs few round trips to reach any state; more loops
 * than this without an error is a connection that stopped progressing. */
#define MAX_ROUNDS 64
/* The memory transport is fed this much at a time, so records arrive
 * split as they would from a network. */
#define MEMORY_CHUNK 1500

static GosslContext *context;
#if FUZZ_TLS_SERVER
static GosslContext *other_context; /* what the servername handler may switch to */
#endif

static char *
fixture_path (const char *name)
{
  const char *dir = g_getenv ("GOSSL_TEST_FILES");

  return g_build_filename (dir != NULL ? dir : GOSSL_FUZZ_FILES, name, NULL);
}

static gboolean
on_verify (GosslContext    *ctx,
           GosslConnection *conn,
           GosslX509       *cert,
           int              errnum,
           int              depth,
           gboolean         ok,
           gpointer         user_data)
{
  g_autoptr(GosslX509Name) subject = gossl_x509_get_subject (cert);

  g_free (gossl_x509_name_to_string (subject));
  return TRUE;
}

static void
on_info (GosslContext    *ctx,
         GosslConnection *conn,
         int              where,
         int              ret,
         gpointer         user_data)
{
  g_assert_nonnull (gossl_connection_state_string (conn));
}

#if FUZZ_TLS_SERVER
static gboolean
on_servername (GosslContext    *ctx,
               GosslConnection *conn,
               gpointer         user_data)
{
  const char *name = gossl_connection_get_servername (conn);
  GError *error = NULL;

  if (name == NULL)
    return TRUE;
  g_assert_true (g_utf8_validate (name, -1, NULL));
  /* Refuse some names, move others to the second context. */
  if (g_str_has_prefix (name, "x"))
    return FALSE;
  if (g_str_has_prefix (name, "o"))
    {
      (void) gossl_connection_set_context (conn, other_context, &error);
      FUZZ_DROP (error);
    }
  return TRUE;
}

static char *
on_alpn_select (GosslContext    *ctx,
                GosslConnection *conn,
                const char     **offered,
                gpointer         user_data)
{
  guint n = offered != NULL ? g_strv_length ((char **) offered) : 0;

  for (guint i = 0; i < n; i++)
    g_assert_true (g_utf8_validate (offered[i], -1, NULL));
  if (n == 0)
    return NULL;
  /* The last offered, a name never offered, or none, by the count. */
  switch (n % 3)
    {
    case 0:
      return g_strdup (offered[n - 1]);
    case 1:
      return g_strdup ("not-offered");
    default:
      return NULL;
    }
}
#endif

static GosslContext *
make_context (const char *cert_name, const char *key_name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ca = fixture_path ("ca.pem");
  GosslContext *ctx = gossl_context_new (GOSSL_METHOD_TLS, &error);

  g_assert_no_error (error);
  if (cert_name != NULL)
    {
      g_autofree char *cert = fixture_path (cert_name);
      g_autofree char *key = fixture_path (key_name);

      g_assert_true (gossl_context_use_certificate_file (ctx, cert, GOSSL_FILETYPE_PEM, &error));
      g_assert_true (gossl_context_use_privatekey_file (ctx, key, GOSSL_FILETYPE_PEM, &error));
    }
  /* A server asks for a client certificate, so client Certificate
   * messages parse; a client checks the server's. */
  g_assert_true (gossl_context_load_verify_locations (ctx, ca, NULL, &error));
  g_assert_no_error (error);
  gossl_context_set_verify (ctx, GOSSL_VERIFY_PEER);
  g_signal_connect (ctx, "verify", G_CALLBACK (on_verify), NULL);
  g_signal_connect (ctx, "info", G_CALLBACK (on_info), NULL);
  return ctx;
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  static const char *const protocols[] = { "h2", "http/1.1", NULL };
  g_autoptr(GError) error = NULL;

  fuzz_init ();
#if FUZZ_TLS_SERVER
  context = make_context ("server.pem", "server.key");
  other_context = make_context ("ecdsa.pem", "ecdsa.key");
  g_signal_connect (context, "servername", G_CALLBACK (on_servername), NULL);
  g_signal_connect (context, "alpn-select", G_CALLBACK (on_alpn_select), NULL);
  /* The second context answers ALPN from its own list, without a handler. */
  g_assert_true (gossl_context_set_alpn_protos (other_context, protocols, &error));
#else
  context = make_context (NULL, NULL);
  g_assert_true (gossl_context_set_alpn_protos (context, protocols, &error));
#endif
  g_assert_no_error (error);
  return 0;
}

static void
set_nonblocking (int fd)
{
  int flags = fcntl (fd, F_GETFL);

  g_assert_cmpint (fcntl (fd, F_SETFL, flags | O_NONBLOCK), ==, 0);
}

typedef struct {
  GosslConnection *conn;
  gboolean         memory;
  int              peer_fd;   /* socket transport: the fuzzer's end */
  const guint8    *data;
  gsize            size;
  gsize            offset;
  gboolean         peer_closed;
} Session;

/* The peer's bytes, as many as the transport takes now; then the end. */
static void
feed (Session *s)
{
  GError *error = NULL;

  if (s->offset < s->size)
    {
      gsize len = s->size - s->offset;

      if (s->memory)
        {
          len = MIN (len, MEMORY_CHUNK);
          g_assert_cmpint (gossl_connection_bio_write (s->conn, s->data + s->offset, len, &error),
                           ==, (gssize) len);
          g_assert_no_error (error);
          s->offset += len;
        }
      else
        {
          ssize_t n = send (s->peer_fd, s->data + s->offset, len, MSG_NOSIGNAL);

          if (n > 0)
            s->offset += (gsize) n;
        }
    }
  else if (!s->peer_closed)
    {
      if (s->memory)
        {
          g_assert_true (gossl_connection_bio_shutdown (s->conn, &error));
          g_assert_no_error (error);
        }
      else
        shutdown (s->peer_fd, SHUT_WR);
      s->peer_closed = TRUE;
    }
}

/* Reads and drops what the connection wrote for the peer. */
static void
drain (Session *s)
{
  if (s->memory)
    {
      for (;;)
        {
          GError *error = NULL;
          g_autoptr(GByteArray) out = gossl_connection_bio_read (s->conn, 16384, &error);

          if (out == NULL)
            {
              g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_WANT_READ);
              g_clear_error (&error);
              break;
            }
          g_assert_cmpuint (out->len, >, 0);
        }
    }
  else
    {
      char buf[16384];

      while (recv (s->peer_fd, buf, sizeof buf, 0) > 0)
        ;
    }
}

/* Once the handshake is done: what a caller would look at. */
static void
inspect (GosslConnection *conn)
{
  g_autoptr(GosslX509) peer = gossl_connection_get_peer_certificate (conn);
  g_autoptr(GPtrArray) chain = gossl_connection_get_peer_cert_chain (conn);
  g_autoptr(GPtrArray) verified = gossl_connection_get_verified_chain (conn);
  g_autoptr(GosslSession) session = gossl_connection_get_session (conn);
  g_auto(GStrv) ciphers = gossl_connection_get_cipher_list (conn);
  g_autofree char *alpn = gossl_connection_get_alpn_proto_negotiated (conn);
  const char *servername = gossl_connection_get_servername (conn);

  g_assert_nonnull (ciphers);
  if (alpn != NULL)
    g_assert_true (g_utf8_validate (alpn, -1, NULL));
  if (servername != NULL)
    g_assert_true (g_utf8_validate (servername, -1, NULL));
  fuzz_x509 (peer);
  if (chain != NULL)
    for (guint i = 0; i < chain->len; i++)
      fuzz_x509 (chain->pdata[i]);
  (void) verified;
  (void) session;
  (void) gossl_connection_get_cipher_name (conn);
  (void) gossl_connection_get_cipher_version (conn);
  (void) gossl_connection_get_cipher_bits (conn);
  (void) gossl_connection_get_protocol_version (conn);
  (void) gossl_connection_get_protocol_version_name (conn);
  (void) gossl_connection_get_verify_result (conn);
  (void) gossl_connection_session_reused (conn);
  (void) gossl_connection_pending (conn);
  (void) gossl_connection_want_read (conn);
  (void) gossl_connection_want_write (conn);
}

static void
run (const guint8 *data, gsize size, gboolean memory)
{
  GError *error = NULL;
  Session s = { NULL, memory, -1, data, size, 0, FALSE };
  gboolean handshaken = FALSE;
  int fds[2] = { -1, -1 };

  if (memory)
    s.conn = gossl_connection_new_memory (context, &error);
  else
    {
      g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
      set_nonblocking (fds[0]);
      set_nonblocking (fds[1]);
      s.peer_fd = fds[1];
      s.conn = gossl_connection_new (context, fds[0], &error);
    }
  g_assert_no_error (error);
#if FUZZ_TLS_SERVER
  gossl_connection_set_accept_state (s.conn);
#else
  gossl_connection_set_connect_state (s.conn);
  g_assert_true (gossl_connection_set_tlsext_host_name (s.conn, "localhost", &error));
  g_assert_no_error (error);
#endif

  for (int round = 0; round < MAX_ROUNDS; round++)
    {
      gboolean ok;

      feed (&s);
      drain (&s);
      if (!handshaken)
        {
          ok = gossl_connection_do_handshake (s.conn, &error);
          if (ok)
            {
              handshaken = TRUE;
              inspect (s.conn);
              /* Something to answer, as a real peer would. */
              (void) gossl_connection_send (s.conn, (const guint8 *) "ping", 4, &error);
              FUZZ_DROP (error);
            }
        }
      else
        {
          g_autoptr(GByteArray) got = gossl_connection_recv (s.conn, 16384, &error);

          ok = got != NULL;
        }

      if (!ok)
        {
          gboolean retry;

          g_assert_nonnull (error);
          g_assert_true (error->domain == GOSSL_SSL_ERROR);
          retry = g_error_matches (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_WANT_READ) ||
                  g_error_matches (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_WANT_WRITE);
          FUZZ_DROP (error);
          /* After the end of the input nothing more can come: a WANT
           * error then ends it too. */
          if (!retry || s.peer_closed)
            break;
        }
    }

  /* The failure paths must leave a connection that still answers. */
  (void) gossl_connection_state_string (s.conn);
  if (handshaken)
    {
      (void) gossl_connection_shutdown (s.conn, &error);
      FUZZ_DROP (error);
    }
  drain (&s);
  g_clear_object (&s.conn);
  if (fds[0] >= 0)
    {
      close (fds[0]);
      close (fds[1]);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  run (data, size, TRUE);
  run (data, size, FALSE);
  return 0;
}
