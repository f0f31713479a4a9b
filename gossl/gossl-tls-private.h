/* gossl-tls-private.h: what gossl-context.c and gossl-connection.c share
 *
 * Not installed and never read by g-ir-scanner.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gossl-private.h"

G_BEGIN_DECLS

/* The connection that owns @ssl (SSL ex_data back-pointer), or NULL for an
 * SSL that gossl did not make. Borrowed: valid while the call that handed
 * @ssl to a callback runs. */
GosslConnection *gossl_connection_from_ssl (const SSL *ssl);

/* The memory BIOs of a connection made by gossl_connection_new_memory()
 * (owned by its SSL; NULL for other connections): what OpenSSL reads and
 * what it writes. */
BIO    *gossl_connection_get_into_bio (GosslConnection *self);
BIO    *gossl_connection_get_from_bio (GosslConnection *self);

/* @protocols in ALPN wire format (each name preceded by its length); empty
 * bytes for none. NULL with GOSSL_SSL_ERROR_INVALID_ARGUMENT for a name that
 * is empty or longer than 255 bytes. */
GBytes *gossl_alpn_encode (const char * const *protocols, GError **error);

/* TRUE when @self has its SSL_CTX; FALSE with the reason otherwise (a
 * context made by g_object_new() for a method OpenSSL 3 lacks). */
gboolean gossl_context_check_usable (GosslContext *self, GError **error);

SSL_SESSION  *gossl_session_get_native      (GosslSession *self);
/* Takes ownership of one reference to @session. */
GosslSession *gossl_session_new_from_native (SSL_SESSION *session);

G_END_DECLS
