/* bench-impl.h: what bench-tls.c needs from a TLS implementation
 *
 * Two implementations are linked into two programs: bench-impl-gossl.c
 * (GosslContext/GosslConnection) makes bench-tls-gossl, bench-impl-openssl.c
 * (plain SSL_CTX/SSL code over SSL_set_fd) makes bench-tls-openssl. The
 * plain program never links gossl, so neither gossl's set-up (its providers)
 * nor GLib's weighs on the baseline.
 *
 * Every function dies with a message on failure: a benchmark that goes on
 * after an error measures nothing.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <stddef.h>

typedef struct BenchCtx BenchCtx;
typedef struct BenchConn BenchConn;

typedef enum {
  BENCH_TLS13,   /* TLS 1.3, OpenSSL's default suites (AES-256-GCM first) */
  BENCH_TLS12,   /* TLS 1.2 only, ECDHE-RSA-AES128-GCM-SHA256 only */
} BenchProto;

/* "gossl" or "openssl". */
const char *impl_name        (void);
/* A server context with @cert/@key (PEM files). */
BenchCtx   *impl_server_ctx  (BenchProto proto, const char *cert, const char *key);
/* A client context that verifies the server against @ca (PEM file). */
BenchCtx   *impl_client_ctx  (BenchProto proto, const char *ca);
void        impl_ctx_free    (BenchCtx *ctx);

/* A connection over the connected blocking socket @fd (borrowed). */
BenchConn  *impl_conn_new    (BenchCtx *ctx, int fd, int server);
void        impl_handshake   (BenchConn *conn);
void        impl_write_all   (BenchConn *conn, const void *data, size_t len);
/* Reads what one read of the TLS layer gives, at most @max bytes; *@data
 * points at them until the next call on @conn. 0 at the end of the stream. */
size_t      impl_read        (BenchConn *conn, const unsigned char **data, size_t max);
const char *impl_cipher      (BenchConn *conn);
const char *impl_version     (BenchConn *conn);
void        impl_conn_free   (BenchConn *conn);

/* Dies with "bench: <message>" on stderr. */
void        bench_die        (const char *format, ...) __attribute__ ((noreturn, format (printf, 1, 2)));
