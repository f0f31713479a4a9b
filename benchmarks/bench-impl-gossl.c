/* bench-impl-gossl.c: the same operations through gossl's public C API, as
 * a GLib program writes them: GosslContext, GosslConnection over the
 * borrowed socket, gossl_connection_send_all() and gossl_connection_recv(),
 * which returns a new GByteArray for each read (the call the bindings use).
 *
 * Built with BENCH_RECV_INTO (bench-tls-gossl-into), reads go through
 * gossl_connection_recv_into() into one buffer kept per connection, as the
 * plain OpenSSL program reads with SSL_read_ex().
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "bench-impl.h"

#include <gossl/gossl.h>

struct BenchCtx {
  GosslContext *ctx;
};

#define READ_BUFFER_SIZE 16384

struct BenchConn {
  GosslConnection *conn;
  GByteArray      *last;   /* what the last impl_read() returned */
#ifdef BENCH_RECV_INTO
  guint8           buffer[READ_BUFFER_SIZE];
#endif
};

static void
die_error (const char *what, GError *error)
{
  bench_die ("%s: %s", what, error != NULL ? error->message : "(no error)");
}

const char *
impl_name (void)
{
#ifdef BENCH_RECV_INTO
  return "gossl-into";
#else
  return "gossl";
#endif
}

static BenchCtx *
ctx_new (BenchProto proto)
{
  BenchCtx *self = g_new0 (BenchCtx, 1);
  GError *error = NULL;

  self->ctx = gossl_context_new (proto == BENCH_TLS12 ? GOSSL_METHOD_TLSV1_2 : GOSSL_METHOD_TLS,
                                 &error);
  if (self->ctx == NULL)
    die_error ("gossl_context_new", error);
  if (proto == BENCH_TLS12 &&
      !gossl_context_set_cipher_list (self->ctx, "ECDHE-RSA-AES128-GCM-SHA256", &error))
    die_error ("gossl_context_set_cipher_list", error);
  return self;
}

BenchCtx *
impl_server_ctx (BenchProto proto, const char *cert, const char *key)
{
  BenchCtx *self = ctx_new (proto);
  GError *error = NULL;

  if (!gossl_context_use_certificate_file (self->ctx, cert, GOSSL_FILETYPE_PEM, &error))
    die_error (cert, error);
  if (!gossl_context_use_privatekey_file (self->ctx, key, GOSSL_FILETYPE_PEM, &error))
    die_error (key, error);
  /* As the OpenSSL baseline: no client certificate asked for, so no CA
   * store loaded. */
  gossl_context_set_verify (self->ctx, GOSSL_VERIFY_NONE);
  return self;
}

BenchCtx *
impl_client_ctx (BenchProto proto, const char *ca)
{
  BenchCtx *self = ctx_new (proto);
  GError *error = NULL;

  if (!gossl_context_load_verify_locations (self->ctx, ca, NULL, &error))
    die_error (ca, error);
  gossl_context_set_verify (self->ctx, GOSSL_VERIFY_PEER);
  return self;
}

void
impl_ctx_free (BenchCtx *self)
{
  g_object_unref (self->ctx);
  g_free (self);
}

BenchConn *
impl_conn_new (BenchCtx *ctx, int fd, int server)
{
  BenchConn *self = g_new0 (BenchConn, 1);
  GError *error = NULL;

  self->conn = gossl_connection_new (ctx->ctx, fd, &error);
  if (self->conn == NULL)
    die_error ("gossl_connection_new", error);
  if (server)
    gossl_connection_set_accept_state (self->conn);
  else
    gossl_connection_set_connect_state (self->conn);
  return self;
}

void
impl_handshake (BenchConn *self)
{
  GError *error = NULL;

  if (!gossl_connection_do_handshake (self->conn, &error))
    die_error ("gossl_connection_do_handshake", error);
}

void
impl_write_all (BenchConn *self, const void *data, size_t len)
{
  GError *error = NULL;

  if (!gossl_connection_send_all (self->conn, data, len, &error))
    die_error ("gossl_connection_send_all", error);
}

size_t
impl_read (BenchConn *self, const unsigned char **data, size_t max)
{
  GError *error = NULL;

#ifdef BENCH_RECV_INTO
  gssize n = gossl_connection_recv_into (self->conn, self->buffer,
                                         MIN (max, sizeof self->buffer), &error);

  if (n < 0)
    {
      if (g_error_matches (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_ZERO_RETURN))
        {
          g_error_free (error);
          return 0;
        }
      die_error ("gossl_connection_recv_into", error);
    }
  *data = self->buffer;
  return (size_t) n;
#else
  g_clear_pointer (&self->last, g_byte_array_unref);
  self->last = gossl_connection_recv (self->conn, max, &error);
  if (self->last == NULL)
    {
      if (g_error_matches (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_ZERO_RETURN))
        {
          g_error_free (error);
          return 0;
        }
      die_error ("gossl_connection_recv", error);
    }
  *data = self->last->data;
  return self->last->len;
#endif
}

const char *
impl_cipher (BenchConn *self)
{
  return gossl_connection_get_cipher_name (self->conn);
}

const char *
impl_version (BenchConn *self)
{
  return gossl_connection_get_protocol_version_name (self->conn);
}

void
impl_conn_free (BenchConn *self)
{
  g_clear_pointer (&self->last, g_byte_array_unref);
  g_object_unref (self->conn);
  g_free (self);
}
