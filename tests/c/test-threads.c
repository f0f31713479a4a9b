/* test-threads.c: many TLS connections from many threads at once
 *
 * 8 client threads, each with a server thread of its own, make TLS
 * connections over socketpairs, one after the other; every connection
 * sends a payload (1 MiB in the full run) and its SHA-256, the server
 * checks both and answers with the digest it computed, which the client
 * checks in turn. All threads share one server context, one client
 * context, and the certificate, key and CA objects those were given; the
 * verify signal runs on every client thread. Nothing may crash, no byte may
 * differ, and the whole run must end before the watchdog fires (a deadlock
 * would not).
 *
 * Scale (environment):
 *   GOSSL_STRESS_THREADS      client threads (8)
 *   GOSSL_STRESS_CONNECTIONS  connections per thread (200: the full run,
 *                             about 10 s; the valgrind pass of
 *                             tests/run-hardening.sh uses fewer)
 *   GOSSL_STRESS_BYTES        payload per connection (1048576)
 *   GOSSL_STRESS_TIMEOUT      watchdog, seconds (300)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "tls-helpers.h"

#define DIGEST_LEN 32

typedef struct {
  guint threads;
  guint connections;
  gsize bytes;
  guint timeout;
} Scale;

static Scale scale;

/* Shared by every thread. */
static GosslContext *server_ctx;
static GosslContext *client_ctx;
static gint verify_calls;
static gint connections_done;
static gint bytes_checked_mib;

typedef struct {
  guint        index;
  GAsyncQueue *fds;     /* server sockets (fd + 2) handed to the server thread; 1 ends */
  char        *failure; /* first failure of either thread, or NULL */
  GMutex       lock;
} Worker;

static guint
env_uint (const char *name, guint fallback)
{
  const char *value = g_getenv (name);
  guint64 n;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT, &n, NULL))
    return fallback;
  return (guint) n;
}

static void
worker_fail (Worker *worker, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
worker_fail (Worker *worker, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_mutex_lock (&worker->lock);
  if (worker->failure == NULL)
    worker->failure = g_strdup_vprintf (format, args);
  g_mutex_unlock (&worker->lock);
  va_end (args);
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
  g_autofree char *cn = gossl_x509_name_get_entry (subject, "CN", NULL);

  g_atomic_int_inc (&verify_calls);
  /* Accept what OpenSSL accepts, and only the names we know. */
  return ok && cn != NULL &&
         (g_str_equal (cn, "localhost") || g_str_equal (cn, "gossl test CA"));
}

/* Reads exactly @len bytes, feeding them to @checksum when given. */
static gboolean
recv_into (GosslConnection *conn, guint8 *out, gsize len, GChecksum *checksum, GError **error)
{
  gsize got = 0;

  while (got < len)
    {
      g_autoptr(GByteArray) part = gossl_connection_recv (conn, MIN (len - got, 65536), error);

      if (part == NULL)
        return FALSE;
      if (out != NULL)
        memcpy (out + got, part->data, part->len);
      if (checksum != NULL)
        g_checksum_update (checksum, part->data, part->len);
      got += part->len;
    }
  return TRUE;
}

static void
digest_of (GChecksum *checksum, guint8 digest[DIGEST_LEN])
{
  gsize len = DIGEST_LEN;

  g_checksum_get_digest (checksum, digest, &len);
  g_assert_cmpuint (len, ==, DIGEST_LEN);
}

/* One server connection: the payload, then the client's digest of it;
 * answers "OK" or "NO" and the digest it computed. */
static void
serve_one (Worker *worker, int fd, guint n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslConnection) conn = gossl_connection_new (server_ctx, fd, &error);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 theirs[DIGEST_LEN], ours[DIGEST_LEN], reply[2 + DIGEST_LEN];

  if (conn == NULL)
    {
      worker_fail (worker, "server %u/%u: %s", worker->index, n, error->message);
      return;
    }
  gossl_connection_set_accept_state (conn);
  if (!gossl_connection_do_handshake (conn, &error) ||
      !recv_into (conn, NULL, scale.bytes, checksum, &error) ||
      !recv_into (conn, theirs, DIGEST_LEN, NULL, &error))
    {
      worker_fail (worker, "server %u/%u: %s", worker->index, n, error->message);
      return;
    }
  digest_of (checksum, ours);
  memcpy (reply, memcmp (ours, theirs, DIGEST_LEN) == 0 ? "OK" : "NO", 2);
  memcpy (reply + 2, ours, DIGEST_LEN);
  if (!gossl_connection_send_all (conn, reply, sizeof reply, &error))
    {
      worker_fail (worker, "server %u/%u: reply: %s", worker->index, n, error->message);
      return;
    }
  /* Our close_notify; the client's may or may not come before it closes. */
  gossl_connection_shutdown (conn, NULL);
}

static gpointer
server_thread (gpointer data)
{
  Worker *worker = data;

  for (guint n = 0;; n++)
    {
      int fd = GPOINTER_TO_INT (g_async_queue_pop (worker->fds)) - 2;

      if (fd < 0)
        break;
      serve_one (worker, fd, n);
      close (fd);
    }
  return NULL;
}

/* One client connection; FALSE on failure (recorded). */
static gboolean
connect_one (Worker *worker, guint n, guint8 *payload)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslConnection) conn = NULL;
  g_autoptr(GosslX509) peer = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[DIGEST_LEN], reply[2 + DIGEST_LEN];
  int fds[2];
  gboolean ok = FALSE;

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    {
      worker_fail (worker, "socketpair: %s", g_strerror (errno));
      return FALSE;
    }
  tls_set_timeouts (fds[0]);
  tls_set_timeouts (fds[1]);
  g_async_queue_push (worker->fds, GINT_TO_POINTER (fds[1] + 2));

  /* A payload of its own for every connection. */
  memcpy (payload, &worker->index, sizeof worker->index);
  memcpy (payload + sizeof worker->index, &n, sizeof n);
  g_checksum_update (checksum, payload, scale.bytes);
  digest_of (checksum, digest);

  conn = gossl_connection_new (client_ctx, fds[0], &error);
  if (conn == NULL)
    goto out;
  gossl_connection_set_connect_state (conn);
  if (!gossl_connection_do_handshake (conn, &error))
    goto out;
  peer = gossl_connection_get_peer_certificate (conn);
  if (peer == NULL)
    {
      worker_fail (worker, "client %u/%u: no peer certificate", worker->index, n);
      goto out;
    }
  if (!gossl_connection_send_all (conn, payload, scale.bytes, &error) ||
      !gossl_connection_send_all (conn, digest, DIGEST_LEN, &error) ||
      !recv_into (conn, reply, sizeof reply, NULL, &error))
    goto out;
  if (memcmp (reply, "OK", 2) != 0 || memcmp (reply + 2, digest, DIGEST_LEN) != 0)
    {
      worker_fail (worker, "client %u/%u: data mismatch (server said %.2s)",
                   worker->index, n, (const char *) reply);
      goto out;
    }
  gossl_connection_shutdown (conn, NULL);
  g_atomic_int_inc (&connections_done);
  ok = TRUE;

out:
  if (error != NULL)
    worker_fail (worker, "client %u/%u: %s", worker->index, n, error->message);
  g_clear_object (&conn);
  close (fds[0]);
  return ok;
}

static gpointer
client_thread (gpointer data)
{
  Worker *worker = data;
  g_autofree guint8 *payload = g_malloc (MAX (scale.bytes, 16));
  g_autoptr(GRand) rand = g_rand_new_with_seed (worker->index);
  GThread *server = g_thread_new ("stress-server", server_thread, worker);
  guint64 total = 0;

  for (gsize i = 0; i < scale.bytes; i++)
    payload[i] = (guint8) g_rand_int (rand);
  for (guint n = 0; n < scale.connections; n++)
    {
      if (!connect_one (worker, n, payload))
        break;
      total += scale.bytes;
    }
  g_async_queue_push (worker->fds, GINT_TO_POINTER (1)); /* fd -1: stop */
  g_thread_join (server);
  g_atomic_int_add (&bytes_checked_mib, (gint) (total >> 20));
  return NULL;
}

static void
stress_watchdog (int sig)
{
  static const char msg[] =
    "\n# thread stress watchdog: still running (deadlock?), aborting\n";

  (void) sig;
  if (write (STDERR_FILENO, msg, sizeof msg - 1) < 0)
    {
    }
  abort ();
}

static void
test_stress (void)
{
  g_autofree Worker *workers = g_new0 (Worker, scale.threads);
  g_autofree GThread **threads = g_new0 (GThread *, scale.threads);
  gint64 start = g_get_monotonic_time ();
  double seconds;
  guint failures = 0;

  signal (SIGALRM, stress_watchdog);
  alarm (scale.timeout);

  g_atomic_int_set (&connections_done, 0);
  for (guint i = 0; i < scale.threads; i++)
    {
      workers[i].index = i;
      workers[i].fds = g_async_queue_new ();
      g_mutex_init (&workers[i].lock);
      threads[i] = g_thread_new ("stress-client", client_thread, &workers[i]);
    }
  for (guint i = 0; i < scale.threads; i++)
    g_thread_join (threads[i]);
  alarm (0);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  for (guint i = 0; i < scale.threads; i++)
    {
      if (workers[i].failure != NULL)
        {
          g_test_message ("thread %u: %s", i, workers[i].failure);
          failures++;
        }
      g_free (workers[i].failure);
      g_async_queue_unref (workers[i].fds);
      g_mutex_clear (&workers[i].lock);
    }

  g_test_message ("%d of %u connections completed (%u threads x %u, %" G_GSIZE_FORMAT
                  " bytes each, %d MiB checked) in %.1f s; %d verify calls",
                  g_atomic_int_get (&connections_done), scale.threads * scale.connections,
                  scale.threads, scale.connections, scale.bytes,
                  g_atomic_int_get (&bytes_checked_mib), seconds,
                  g_atomic_int_get (&verify_calls));
  /* The figure the hardening report quotes. */
  g_printerr ("# stress: %d/%u connections, %.1f s\n",
              g_atomic_int_get (&connections_done), scale.threads * scale.connections, seconds);
  g_assert_cmpuint (failures, ==, 0);
  g_assert_cmpint (g_atomic_int_get (&connections_done), ==, (gint) (scale.threads * scale.connections));
  /* Every connection checked the server's certificate and its CA. */
  g_assert_cmpint (g_atomic_int_get (&verify_calls), >=, (gint) (2 * scale.threads * scale.connections));
}

/* The shared objects: one certificate, key and CA object behind the two
 * contexts every thread uses. */
static void
make_contexts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cert_pem = gossl_test_load_file ("server.pem");
  g_autoptr(GBytes) key_pem = gossl_test_load_file ("server.key");
  g_autoptr(GBytes) ca_pem = gossl_test_load_file ("ca.pem");
  g_autoptr(GosslX509) cert = NULL;
  g_autoptr(GosslX509) ca = NULL;
  g_autoptr(GosslPKey) key = NULL;
  g_autoptr(GosslX509Store) store = NULL;
  gsize len;
  const guint8 *data;

  data = g_bytes_get_data (cert_pem, &len);
  cert = gossl_x509_new_from_data (GOSSL_FILETYPE_PEM, data, len, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (key_pem, &len);
  key = gossl_pkey_new_from_data (GOSSL_FILETYPE_PEM, data, len, NULL, 0, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (ca_pem, &len);
  ca = gossl_x509_new_from_data (GOSSL_FILETYPE_PEM, data, len, &error);
  g_assert_no_error (error);

  server_ctx = gossl_context_new (GOSSL_METHOD_TLS, &error);
  g_assert_no_error (error);
  g_assert_true (gossl_context_use_certificate (server_ctx, cert, &error));
  g_assert_true (gossl_context_use_privatekey (server_ctx, key, &error));
  g_assert_true (gossl_context_check_privatekey (server_ctx, &error));
  g_assert_no_error (error);

  client_ctx = gossl_context_new (GOSSL_METHOD_TLS, &error);
  g_assert_no_error (error);
  store = gossl_context_get_cert_store (client_ctx);
  g_assert_true (gossl_x509_store_add_cert (store, ca, &error));
  g_assert_no_error (error);
  gossl_context_set_verify (client_ctx, GOSSL_VERIFY_PEER);
  g_signal_connect (client_ctx, "verify", G_CALLBACK (on_verify), NULL);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  scale.threads = env_uint ("GOSSL_STRESS_THREADS", 8);
  scale.connections = env_uint ("GOSSL_STRESS_CONNECTIONS", 200);
  scale.bytes = env_uint ("GOSSL_STRESS_BYTES", 1 << 20);
  scale.timeout = env_uint ("GOSSL_STRESS_TIMEOUT", 300);

  make_contexts ();
  g_test_add_func ("/threads/stress", test_stress);
  status = g_test_run ();
  g_clear_object (&server_ctx);
  g_clear_object (&client_ctx);
  return status;
}
