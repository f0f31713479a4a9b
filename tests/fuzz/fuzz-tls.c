/* fuzz-tls.c: the TLS record path, fed as the peer of a connection
 *
 * Built twice: fuzz-tls-server (FUZZ_TLS_SERVER=1, the input is what a
 * client sends to a gossl server) and fuzz-tls-client (the input is what a
 * server sends to a gossl client).
 *
 * gossl has no memory transport, so the input goes through a socketpair:
 * it is written into one end while the GosslConnection reads the other.
 * Both ends are non-blocking, so nothing ever waits: the connection is
 * driven until it fails, completes, or stops making progress, what it
 * writes is drained and dropped, and the end of the input is a clean EOF.
 *
 * The client verifies the peer (VERIFY_PEER) with a verify handler that
 * accepts everything, so hostile certificates get through gossl's verify
 * callback and on to the rest of the handshake; an info handler looks at
 * every state change.
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

static GosslContext *context;

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

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;

  fuzz_init ();
  context = gossl_context_new (GOSSL_METHOD_TLS, &error);
  g_assert_no_error (error);
#if FUZZ_TLS_SERVER
  {
    g_autofree char *cert = fixture_path ("server.pem");
    g_autofree char *key = fixture_path ("server.key");
    g_autofree char *ca = fixture_path ("ca.pem");

    g_assert_true (gossl_context_use_certificate_file (context, cert, GOSSL_FILETYPE_PEM, &error));
    g_assert_true (gossl_context_use_privatekey_file (context, key, GOSSL_FILETYPE_PEM, &error));
    /* Ask for a client certificate, so client Certificate messages parse. */
    g_assert_true (gossl_context_load_verify_locations (context, ca, NULL, &error));
    g_assert_no_error (error);
  }
#else
  {
    g_autofree char *ca = fixture_path ("ca.pem");

    g_assert_true (gossl_context_load_verify_locations (context, ca, NULL, &error));
    g_assert_no_error (error);
  }
#endif
  gossl_context_set_verify (context, GOSSL_VERIFY_PEER);
  g_signal_connect (context, "verify", G_CALLBACK (on_verify), NULL);
  g_signal_connect (context, "info", G_CALLBACK (on_info), NULL);
  return 0;
}

static void
set_nonblocking (int fd)
{
  int flags = fcntl (fd, F_GETFL);

  g_assert_cmpint (fcntl (fd, F_SETFL, flags | O_NONBLOCK), ==, 0);
}

/* Reads and drops what the connection wrote. */
static void
drain (int fd)
{
  char buf[16384];

  while (recv (fd, buf, sizeof buf, 0) > 0)
    ;
}

/* Once the handshake is done: what a caller would look at. */
static void
inspect (GosslConnection *conn)
{
  g_autoptr(GosslX509) peer = gossl_connection_get_peer_certificate (conn);
  g_auto(GStrv) ciphers = gossl_connection_get_cipher_list (conn);

  g_assert_nonnull (ciphers);
  fuzz_x509 (peer);
  (void) gossl_connection_get_cipher_name (conn);
  (void) gossl_connection_get_protocol_version_name (conn);
  (void) gossl_connection_pending (conn);
  (void) gossl_connection_want_read (conn);
  (void) gossl_connection_want_write (conn);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GosslConnection) conn = NULL;
  GError *error = NULL;
  gboolean handshaken = FALSE;
  gboolean peer_closed = FALSE;
  gsize offset = 0;
  int fds[2];

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
  set_nonblocking (fds[0]);
  set_nonblocking (fds[1]);

  conn = gossl_connection_new (context, fds[0], &error);
  g_assert_no_error (error);
#if FUZZ_TLS_SERVER
  gossl_connection_set_accept_state (conn);
#else
  gossl_connection_set_connect_state (conn);
#endif

  for (int round = 0; round < MAX_ROUNDS; round++)
    {
      gboolean ok;

      /* The peer's bytes, as many as the socket takes now; then EOF. */
      if (offset < size)
        {
          ssize_t n = send (fds[1], data + offset, size - offset, MSG_NOSIGNAL);

          if (n > 0)
            offset += (gsize) n;
        }
      else if (!peer_closed)
        {
          shutdown (fds[1], SHUT_WR);
          peer_closed = TRUE;
        }
      drain (fds[1]);

      if (!handshaken)
        {
          ok = gossl_connection_do_handshake (conn, &error);
          if (ok)
            {
              handshaken = TRUE;
              inspect (conn);
              /* Something to answer, as a real peer would. */
              (void) gossl_connection_send (conn, (const guint8 *) "ping", 4, &error);
              FUZZ_DROP (error);
            }
        }
      else
        {
          g_autoptr(GByteArray) got = gossl_connection_recv (conn, 16384, &error);

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
          /* After EOF nothing more can come: a WANT error then ends it too. */
          if (!retry || peer_closed)
            break;
        }
    }

  /* The failure paths must leave a connection that still answers. */
  (void) gossl_connection_state_string (conn);
  if (handshaken)
    {
      (void) gossl_connection_shutdown (conn, &error);
      FUZZ_DROP (error);
    }
  g_clear_object (&conn);
  close (fds[0]);
  close (fds[1]);
  return 0;
}
