/* bench-impl-openssl.c: the baseline, plain OpenSSL code as a C programmer
 * writes it: SSL_CTX, SSL_set_fd() (OpenSSL's own socket BIO),
 * SSL_read_ex() into one buffer kept per connection, SSL_write_ex().
 *
 * The settings are gossl's defaults where they change what is measured
 * (partial writes, which SSL_write_ex loops over anyway), so the comparison
 * is of the code paths, not of configurations.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "bench-impl.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define READ_BUFFER_SIZE 16384

struct BenchCtx {
  SSL_CTX *ctx;
};

struct BenchConn {
  SSL           *ssl;
  unsigned char  buffer[READ_BUFFER_SIZE];
};

static void
die_ssl (const char *what)
{
  char line[256];
  unsigned long code = ERR_get_error ();

  ERR_error_string_n (code, line, sizeof line);
  bench_die ("%s: %s", what, code != 0 ? line : "(no OpenSSL error)");
}

const char *
impl_name (void)
{
  return "openssl";
}

static BenchCtx *
ctx_new (BenchProto proto)
{
  BenchCtx *self = calloc (1, sizeof *self);

  self->ctx = SSL_CTX_new (TLS_method ());
  if (self->ctx == NULL)
    die_ssl ("SSL_CTX_new");
  SSL_CTX_set_mode (self->ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
                               SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                               SSL_MODE_AUTO_RETRY);
  if (proto == BENCH_TLS12)
    {
      SSL_CTX_set_min_proto_version (self->ctx, TLS1_2_VERSION);
      SSL_CTX_set_max_proto_version (self->ctx, TLS1_2_VERSION);
      if (SSL_CTX_set_cipher_list (self->ctx, "ECDHE-RSA-AES128-GCM-SHA256") != 1)
        die_ssl ("SSL_CTX_set_cipher_list");
    }
  return self;
}

BenchCtx *
impl_server_ctx (BenchProto proto, const char *cert, const char *key)
{
  BenchCtx *self = ctx_new (proto);

  if (SSL_CTX_use_certificate_file (self->ctx, cert, SSL_FILETYPE_PEM) != 1)
    die_ssl (cert);
  if (SSL_CTX_use_PrivateKey_file (self->ctx, key, SSL_FILETYPE_PEM) != 1)
    die_ssl (key);
  return self;
}

BenchCtx *
impl_client_ctx (BenchProto proto, const char *ca)
{
  BenchCtx *self = ctx_new (proto);

  if (SSL_CTX_load_verify_locations (self->ctx, ca, NULL) != 1)
    die_ssl (ca);
  SSL_CTX_set_verify (self->ctx, SSL_VERIFY_PEER, NULL);
  return self;
}

void
impl_ctx_free (BenchCtx *self)
{
  SSL_CTX_free (self->ctx);
  free (self);
}

BenchConn *
impl_conn_new (BenchCtx *ctx, int fd, int server)
{
  BenchConn *self = malloc (sizeof *self);

  self->ssl = SSL_new (ctx->ctx);
  if (self->ssl == NULL || SSL_set_fd (self->ssl, fd) != 1)
    die_ssl ("SSL_new");
  if (server)
    SSL_set_accept_state (self->ssl);
  else
    SSL_set_connect_state (self->ssl);
  return self;
}

void
impl_handshake (BenchConn *self)
{
  if (SSL_do_handshake (self->ssl) != 1)
    die_ssl ("SSL_do_handshake");
}

void
impl_write_all (BenchConn *self, const void *data, size_t len)
{
  const unsigned char *p = data;

  while (len > 0)
    {
      size_t written = 0;

      if (SSL_write_ex (self->ssl, p, len, &written) != 1)
        die_ssl ("SSL_write_ex");
      p += written;
      len -= written;
    }
}

size_t
impl_read (BenchConn *self, const unsigned char **data, size_t max)
{
  size_t readbytes = 0;

  if (max > sizeof self->buffer)
    max = sizeof self->buffer;
  if (SSL_read_ex (self->ssl, self->buffer, max, &readbytes) != 1)
    {
      int code = SSL_get_error (self->ssl, 0);

      if (code == SSL_ERROR_ZERO_RETURN)
        return 0;
      die_ssl ("SSL_read_ex");
    }
  *data = self->buffer;
  return readbytes;
}

const char *
impl_cipher (BenchConn *self)
{
  return SSL_get_cipher_name (self->ssl);
}

const char *
impl_version (BenchConn *self)
{
  return SSL_get_version (self->ssl);
}

void
impl_conn_free (BenchConn *self)
{
  SSL_free (self->ssl);
  free (self);
}
